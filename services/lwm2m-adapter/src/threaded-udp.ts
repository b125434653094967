import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { type Datagram, forEachDatagram, packDatagrams } from './datagram-batch.ts';
import { sendArguments } from './dgram-send.ts';
import type { FromUdpThread, ToUdpThread, UdpThreadData } from './udp-io-thread.ts';

const ENTRY = new URL('./udp-io-thread.mjs', import.meta.url);
/** The thread holds no more than a turn's datagrams: a small young generation keeps its GCs short. */
const THREAD_YOUNG_GENERATION_MB = 4;

export interface ThreadedUdp {
  /**
   * A dgram socket that is never bound (node-coap wants a `dgram.Socket`): the datagrams the thread receives are
   * emitted on it, what is sent on it goes to the thread.
   */
  socket: Socket;
  port: number;
  /** The receive buffer the kernel granted (it may cap what was asked). */
  receiveBufferBytes: number;
  /** The thread now serving the socket (undefined while it is being replaced): for tests and diagnostics. */
  thread(): Worker | undefined;
  close(): Promise<void>;
}

export interface ThreadedUdpOptions extends UdpThreadData {
  /** Datagrams the thread dropped because the adapter was behind by `maxQueuedBytes`. */
  onDropped(count: number): void;
  log: (line: Record<string, unknown>) => void;
}

/**
 * The adapter's UDP socket, served by a thread of its own. On a busy host every send is a system call that delivers
 * the datagram and wakes its receiver; with thousands of devices in flight that was a third of the time of the
 * thread that answers them. Here the thread does the system calls and the adapter hands datagrams over in batches,
 * one message per event-loop turn each way, in order (one device's datagrams keep their order). Received datagrams
 * the adapter has not processed are bounded (`maxQueuedBytes`), like a socket's receive buffer. A thread that dies is
 * replaced on the same port; what it held is lost as on a lossy network, and CoAP retransmits it.
 */
export async function threadedUdp(options: ThreadedUdpOptions): Promise<ThreadedUdp> {
  const { onDropped, log, ...data } = options;
  const socket = createSocket('udp4');
  let outgoing: Datagram[] = [];
  let processedBytes = 0;
  let flushing: NodeJS.Immediate | undefined;
  let closing = false;
  let current: Worker | undefined;
  let replacing: Promise<void> | undefined;

  const flush = () => {
    flushing = undefined;
    if (outgoing.length === 0 && processedBytes === 0) return;
    const batch = packDatagrams(outgoing);
    const message: ToUdpThread = { kind: 'send', batch, processedBytes };
    outgoing = [];
    processedBytes = 0;
    current?.postMessage(message, [batch.bytes]);
  };
  const schedule = () => {
    flushing ??= setImmediate(flush);
  };
  const deliver = (bytes: Buffer, peer: RemoteInfo) => socket.emit('message', bytes, peer);
  const processed = (bytes: number) => {
    processedBytes += bytes;
    schedule();
  };

  const start = (port: number) =>
    new Promise<{ worker: Worker; port: number; receiveBufferBytes: number }>((resolve, reject) => {
      const worker = new Worker(ENTRY, {
        workerData: { ...data, port } satisfies UdpThreadData,
        execArgv: [],
        resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      });
      worker.on('message', (message: FromUdpThread) => {
        if (message.kind === 'bound') resolve({ worker, ...message });
        else if (message.kind === 'bind-failed') {
          reject(new Error(`UDP bind ${data.host}:${port}: ${message.error}`));
          void worker.terminate();
        } else if (message.kind === 'send-failed')
          log({ level: 'warn', msg: 'UDP send failed', count: message.count, error: message.error });
        else {
          if (message.dropped > 0) onDropped(message.dropped);
          // One immediate per datagram, as libuv calls back per datagram: promises settled by one datagram (an
          // observe answer) run on before the next (the Update right behind it) is handled.
          forEachDatagram(message.batch, (bytes, from, address) =>
            setImmediate(deliver, bytes, { address, family: 'IPv4', port: from, size: bytes.length }),
          );
          setImmediate(processed, message.batch.bytes.byteLength);
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (worker !== current || closing) return;
        current = undefined;
        log({ level: 'error', msg: 'UDP thread exited; starting another on the same port', code });
        // Without its socket the adapter cannot serve: a port that cannot be bound again ends it (node-coap rethrows).
        replacing = start(bound.port).then(
          (next) => {
            current = next.worker;
          },
          (error: Error) => {
            socket.emit('error', error);
          },
        );
      });
    });

  const bound = await start(data.port);
  current = bound.worker;

  Object.assign(socket, {
    send: (message: Buffer, ...rest: unknown[]) => {
      const { offset, length, port, address, done } = sendArguments(rest);
      const bytes = message.subarray(offset, length === undefined ? undefined : offset + length);
      outgoing.push({ bytes, port, address });
      schedule();
      if (done) setImmediate(done, null, bytes.length);
    },
    address: () => ({ address: data.host, family: 'IPv4', port: bound.port }),
    close: (callback?: () => void) => {
      if (callback) setImmediate(callback);
      return socket;
    },
  });

  let closed: Promise<void> | undefined;
  const close = async () => {
    closing = true;
    await replacing;
    clearImmediate(flushing);
    flush();
    const worker = current;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ kind: 'close' } satisfies ToUdpThread);
    });
  };
  return {
    socket,
    port: bound.port,
    receiveBufferBytes: bound.receiveBufferBytes,
    thread: () => current,
    close: () => (closed ??= close()),
  };
}
