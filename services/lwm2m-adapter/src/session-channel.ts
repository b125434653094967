import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { sendArguments } from './dgram-send.ts';
import { encodeFrame, FRAME_KIND, type Frame, FrameReader } from './session-frames.ts';

/** What the DTLS gateway authenticated for one session. */
export interface SessionIdentity {
  endpoint: string;
  /** The credential's kind and public part (`psk:<identity>`, `rpk:<hash>`, `x509:<subject>`), for logs. */
  identity: string;
}

export interface SessionChannel {
  /**
   * The socket node-coap serves the gateway's sessions on. It is a dgram socket that is never bound, so no network
   * can reach it (node-coap needs a `dgram.Socket`): its datagrams come from the sessions, its sends go to them.
   * A session's address is `dtls-<connection>` and its port the session's number.
   */
  socket: UdpSocket;
  /** The identity the gateway authenticated for this peer, or undefined: the datagram speaks for no one. */
  sessionOf(peer: { address: string; port: number }): SessionIdentity | undefined;
  readonly connected: boolean;
  readonly sessions: number;
  close(): Promise<void>;
}

const MAX_ENDPOINT = 255;
const MAX_IDENTITY = 512;
/** Past this many bytes waiting for the gateway to read, answers are dropped (and retransmitted by CoAP). */
const MAX_UNSENT_BYTES = 16 * 1024 * 1024;
const ADDRESS_PREFIX = 'dtls-';

const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** An OPEN frame's identity, checked; undefined when it is not one. */
export function parseSessionIdentity(payload: Buffer): SessionIdentity | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (!isText(m.endpoint, MAX_ENDPOINT) || !isText(m.identity, MAX_IDENTITY)) return undefined;
  return { endpoint: m.endpoint, identity: m.identity };
}

type Send = (message: Buffer, ...rest: unknown[]) => void;

/**
 * The adapter's end of the session channel (README: coaps): a unix socket, reachable only by processes that may open
 * the file (mode 0660), never from the network; the identity of every datagram arriving through it was
 * authenticated by the gateway. A connection's sessions end with it.
 */
export async function listenSessionChannel(
  path: string,
  log: (line: Record<string, unknown>) => void,
): Promise<SessionChannel> {
  const socket = createSocket('udp4');
  const connections = new Map<string, { stream: Socket; sessions: Map<number, SessionIdentity> }>();
  let next = 0;

  const send: Send = (message, ...rest) => {
    const { offset, length, port, address, done } = sendArguments(rest);
    const connection = connections.get(address);
    const bytes = message.subarray(offset, length === undefined ? undefined : offset + length);
    if (!connection || connection.stream.writableLength > MAX_UNSENT_BYTES) {
      done?.(new Error(connection ? 'DTLS gateway not reading' : 'DTLS session gone'), 0);
      return;
    }
    connection.stream.write(encodeFrame(FRAME_KIND.data, port, bytes), (error) =>
      done?.(error ?? null, bytes.length),
    );
  };
  Object.assign(socket, {
    send,
    address: () => ({ address: 'dtls-gateway', family: 'IPv4', port: 0 }),
    close: (callback?: () => void) => {
      if (callback) setImmediate(callback);
      return socket;
    },
  });

  const serve = (stream: Socket) => {
    next += 1;
    const address = `${ADDRESS_PREFIX}${next}`;
    const sessions = new Map<number, SessionIdentity>();
    connections.set(address, { stream, sessions });
    const reader = new FrameReader();
    const handle = (frame: Frame) => {
      if (frame.kind === FRAME_KIND.open) {
        const identity = parseSessionIdentity(frame.payload);
        if (identity) sessions.set(frame.session, identity);
        else
          log({
            level: 'warn',
            msg: 'session channel: OPEN without a valid identity',
            session: frame.session,
          });
      } else if (frame.kind === FRAME_KIND.close) {
        sessions.delete(frame.session);
      } else {
        const info: RemoteInfo = { address, family: 'IPv4', port: frame.session, size: frame.payload.length };
        socket.emit('message', frame.payload, info);
      }
    };
    stream.on('data', (chunk: Buffer) => {
      const read = reader.push(chunk);
      if ('error' in read) {
        log({
          level: 'warn',
          msg: 'session channel protocol violation; connection closed',
          error: read.error,
        });
        stream.destroy();
        return;
      }
      for (const frame of read.frames) handle(frame);
    });
    stream.on('error', () => undefined);
    stream.on('close', () => {
      connections.delete(address);
      log({ level: 'warn', msg: 'session channel closed; its sessions end', sessions: sessions.size });
    });
  };

  const server: Server = createServer(serve);
  rmSync(path, { force: true }); // a socket file left by a previous run
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o660);
  return {
    socket,
    sessionOf: (peer) => connections.get(peer.address)?.sessions.get(peer.port),
    get connected() {
      return connections.size > 0;
    },
    get sessions() {
      let count = 0;
      for (const c of connections.values()) count += c.sessions.size;
      return count;
    },
    close: async () => {
      for (const { stream } of connections.values()) stream.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(path, { force: true });
    },
  };
}
