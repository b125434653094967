import type { RemoteInfo, Socket } from 'node:dgram';
import { createServer, type Server } from 'coap';
import { generate, type ParsedPacket } from 'coap-packet';
import { type ThreadedUdpOptions, threadedUdp } from './threaded-udp.ts';

// node-coap keeps each answer for EXCHANGE_LIFETIME (247 s) to repeat it to a retransmitted request, budgeting its
// cache by answer bytes. Holding only the bytes (below), 8 MiB is ~150,000 registration answers, evicted oldest first.
const EXCHANGE_CACHE_BYTES = 8 * 1024 * 1024;
const CON = 0;
/** Code class 0: a request (0.01–0.31) or an empty message (0.00). */
const REQUEST_OR_EMPTY = 0;
const EMPTY = 0;
/** The first byte's high nibble: version 1, type CON. */
const VERSION_1_CON = 0b0100;
/** Version 1, type Reset, no token. */
const RESET_NO_TOKEN = 0x70;

type SendError = (payload: Buffer, rsinfo: RemoteInfo, packet?: ParsedPacket, code?: string) => void;

/**
 * node-coap answers its own errors with `socket.send(message, port)` — without the address, so the answer goes to
 * localhost:<sender's port> whoever sent the datagram: a reflection towards local services. Answer the sender instead,
 * and stay silent when there is no parsed request to answer (RFC 7252 §4.2: what cannot be parsed is ignored).
 */
function answerErrorsToTheSender(server: Server, socket: Socket): void {
  const patched: SendError = (payload, rsinfo, packet, code = '5.00') => {
    if (!packet) return;
    const answer = generate({
      code,
      payload,
      messageId: packet.messageId,
      token: packet.token,
      ack: packet.confirmable,
    });
    socket.send(answer, rsinfo.port, rsinfo.address);
  };
  (server as unknown as { _sendError: SendError })._sendError = patched;
}

/**
 * node-coap builds an IncomingMessage stream for every datagram before it looks whether it is a request at all; the
 * devices' answers to the adapter's own requests (read by CoapRequester on the same socket) are none of its business.
 * Its listener gets requests and empty ACK/Reset messages (of its own CON answers) only. An empty CON is a CoAP ping,
 * answered with a Reset (RFC 7252 §4.3); node-coap would take it for a request to `/` and answer 4.04.
 */
function onlyRequestsToTheServer(socket: Socket): void {
  const listeners = socket.listeners('message') as ((message: Buffer, rinfo: RemoteInfo) => void)[];
  const [handle] = listeners;
  if (!handle || listeners.length !== 1) throw new Error("expected node-coap's own message listener only");
  socket.removeListener('message', handle);
  socket.on('message', (message: Buffer, rinfo: RemoteInfo) => {
    const code = message[1] ?? 0;
    if (code >> 5 !== REQUEST_OR_EMPTY) return;
    if (code === EMPTY && message.length >= 4 && (message[0] ?? 0) >> 4 === VERSION_1_CON) {
      socket.send(
        Buffer.from([RESET_NO_TOKEN, EMPTY, message[2] ?? 0, message[3] ?? 0]),
        rinfo.port,
        rinfo.address,
      );
      return;
    }
    handle(message, rinfo);
  });
}

/** An answer as node-coap caches it: the bytes it sent (Buffer.alloc'd to size), with its RetrySend attached. */
type CachedAnswer = Buffer & { sender?: { reset(): void } | undefined };
type AnswerCache = { set(key: string, value: CachedAnswer): unknown };

/**
 * node-coap caches each answer, then attaches the answer's RetrySend, which arms a 202 s timer even for an ACK or NON
 * it never retransmits; only the cache's eviction clears it. Timer and listeners hold the OutgoingMessage and the
 * request: ~5 KiB of objects per registration, for minutes after a registration storm. Once an ACK or NON answer has
 * been sent (after the current I/O callbacks), its sender is reset and detached, so the cache holds the bytes only. A
 * CON answer keeps its sender, which the peer's ACK stops.
 */
function cacheOnlyTheBytes(server: Server): void {
  const cache = (server as unknown as { _lru: AnswerCache })._lru;
  const set = cache.set.bind(cache);
  const sent: CachedAnswer[] = [];
  const detach = () => {
    for (const answer of sent.splice(0)) {
      answer.sender?.reset();
      answer.sender = undefined;
    }
  };
  cache.set = (key, answer) => {
    if ((((answer[0] ?? 0) >> 4) & 0x3) !== CON && sent.push(answer) === 1) setImmediate(detach);
    return set(key, answer);
  };
}

/**
 * A node-coap server with the fixes above, serving a socket it shares with the requests to devices: the adapter's
 * UDP socket (threaded-udp.ts) or the DTLS gateway's sessions. `closeSocket` runs after the server closed.
 */
export async function listenCoap(
  socket: Socket,
  closeSocket: () => Promise<void> = async () => undefined,
): Promise<{ server: Server; socket: Socket; close(): Promise<void> }> {
  const server: Server = createServer({ type: 'udp4', cacheSize: EXCHANGE_CACHE_BYTES });
  await new Promise<void>((resolve) => server.listen(socket, () => resolve()));
  answerErrorsToTheSender(server, socket);
  cacheOnlyTheBytes(server);
  onlyRequestsToTheServer(socket);
  let closed: Promise<void> | undefined;
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeSocket();
  };
  // Closing twice (a shutdown signal during a test's own close) waits for the first close instead of throwing.
  return { server, socket, close: () => (closed ??= close()) };
}

/**
 * listenCoap on a UDP port, its socket served by a thread of its own (threaded-udp.ts). The socket is the adapter's
 * own (node-coap would bind with SO_REUSEADDR, under which a second adapter on the port silently takes all traffic):
 * another process can bind the port only with `reusePort` on both, and then Linux hashes each device's address to
 * one of them (SO_REUSEPORT), so a device always reaches the process that holds its registration.
 */
export async function listenCoapUdp(options: ThreadedUdpOptions) {
  const udp = await threadedUdp(options);
  return { ...(await listenCoap(udp.socket, udp.close)), udp };
}
