import { createSocket, type SocketOptions } from 'node:dgram';
import { lookup } from 'node:dns';
import { isIPv4 } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { perTurn } from '@rosetta/kafka/per-turn';
import { type Datagram, type DatagramBatch, forEachDatagram, packDatagrams } from './datagram-batch.ts';

export interface UdpThreadData {
  port: number;
  host: string;
  reusePort: boolean;
  receiveBufferBytes: number;
  /** Bytes received and not yet processed by the adapter; past it datagrams are dropped, as a full socket buffer would. */
  maxQueuedBytes: number;
}

export type ToUdpThread =
  /** Datagrams to send, and the bytes of received batches the adapter is done with. */
  { kind: 'send'; batch: DatagramBatch; processedBytes: number } | { kind: 'close' };

export type FromUdpThread =
  | { kind: 'bound'; port: number; receiveBufferBytes: number }
  | { kind: 'bind-failed'; error: string }
  /** Datagrams received in one turn; `dropped` were refused since the last batch (the adapter is behind). */
  | { kind: 'received'; batch: DatagramBatch; dropped: number }
  | { kind: 'send-failed'; count: number; error: string };

/**
 * Every datagram the adapter sends goes to an address it received from, an IP literal: answered at once, where
 * dns.lookup would defer each send to the next tick.
 */
const literalFirst: NonNullable<SocketOptions['lookup']> = (hostname, options, callback) => {
  if (isIPv4(hostname)) callback(null, hostname, 4);
  else lookup(hostname, options, callback);
};

const port = parentPort;
if (!port) throw new Error('udp-io-thread runs as a worker thread (threaded-udp.ts)');
const data = workerData as UdpThreadData;
const post = (message: FromUdpThread, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

// SO_REUSEPORT only when asked: node-coap's own sockets bind with SO_REUSEADDR, under which a second adapter on the
// port would silently take all traffic; here a second bind fails unless both ask for reusePort.
const socket = createSocket({ type: 'udp4', reusePort: data.reusePort, lookup: literalFirst });
let queuedBytes = 0;
let dropped = 0;
let sending = 0;
let closing = false;

// What arrived in one turn goes to the adapter as one message, with the count of what was dropped since the last.
let arrived: Datagram[] = [];
let handing = false;
const handOver = () => {
  handing = false;
  const batch = packDatagrams(arrived);
  arrived = [];
  post({ kind: 'received', batch, dropped }, [batch.bytes]);
  dropped = 0;
};

socket.on('message', (bytes, peer) => {
  if (closing) return;
  if (!handing) {
    handing = true;
    setImmediate(handOver);
  }
  if (queuedBytes + bytes.length > data.maxQueuedBytes) {
    dropped += 1;
    return;
  }
  queuedBytes += bytes.length;
  arrived.push({ bytes, port: peer.port, address: peer.address });
});

const failed = perTurn<string>((errors) =>
  post({ kind: 'send-failed', count: errors.length, error: errors.at(-1) ?? '' }),
);
const closeWhenSent = () => {
  if (closing && sending === 0) socket.close(() => process.exit(0));
};
const sent = (error: Error | null) => {
  sending -= 1;
  if (error) failed.add(error.message);
  closeWhenSent();
};

port.on('message', (message: ToUdpThread) => {
  if (message.kind === 'close') {
    closing = true;
    closeWhenSent();
    return;
  }
  queuedBytes -= message.processedBytes;
  forEachDatagram(message.batch, (bytes, to, address) => {
    sending += 1;
    socket.send(bytes, to, address, sent);
  });
});

const bindFailed = (error: Error) => post({ kind: 'bind-failed', error: error.message });
socket.once('error', bindFailed);
socket.bind(data.port, data.host, () => {
  socket.off('error', bindFailed);
  socket.on('error', (error) => failed.add(error.message));
  socket.setRecvBufferSize(data.receiveBufferBytes);
  // Linux doubles the request for bookkeeping and caps it at net.core.rmem_max.
  post({ kind: 'bound', port: socket.address().port, receiveBufferBytes: socket.getRecvBufferSize() });
});
