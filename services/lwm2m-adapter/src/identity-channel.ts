import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** What the DTLS gateway authenticated for one of its loopback ports. */
export interface SessionIdentity {
  endpoint: string;
  /** The credential's kind and public part (`psk:<identity>`, `rpk:<hash>`, `x509:<subject>`), for logs. */
  identity: string;
}

export interface IdentityChannel {
  /** The identity the gateway bound to this loopback port, or undefined: the datagram speaks for no one. */
  sessionOf(port: number): SessionIdentity | undefined;
  readonly connected: boolean;
  close(): Promise<void>;
}

const MAX_LINE_BYTES = 2048;
const MAX_ENDPOINT = 255;
const MAX_IDENTITY = 512;

type Message =
  | { op: 'bind'; port: number; endpoint: string; identity: string }
  | { op: 'unbind'; port: number };

const isPort = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536;
const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** One line of the channel, checked; undefined when it is not a message of the protocol. */
export function parseIdentityMessage(line: string): Message | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (
    m.op === 'bind' &&
    isPort(m.port) &&
    isText(m.endpoint, MAX_ENDPOINT) &&
    isText(m.identity, MAX_IDENTITY)
  )
    return { op: 'bind', port: m.port, endpoint: m.endpoint, identity: m.identity };
  if (m.op === 'unbind' && isPort(m.port)) return { op: 'unbind', port: m.port };
  return undefined;
}

/**
 * The adapter's end of the identity channel (README: coaps): a unix socket, reachable only by processes that may
 * open the file (mode 0660), never from the network. The DTLS gateway binds each session's loopback port to the
 * endpoint its credentials are bound to, and waits for `bound` before forwarding that session's first datagram.
 * A connection's bindings end with it.
 */
export async function listenIdentityChannel(
  path: string,
  log: (line: Record<string, unknown>) => void,
): Promise<IdentityChannel> {
  const bindings = new Map<number, SessionIdentity>();
  const sockets = new Set<Socket>();
  const serve = (socket: Socket) => {
    sockets.add(socket);
    const mine = new Set<number>();
    const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
    let buffered = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered =
        chunk.lastIndexOf(10) >= 0 ? chunk.length - chunk.lastIndexOf(10) - 1 : buffered + chunk.length;
      if (buffered > MAX_LINE_BYTES) {
        log({
          level: 'warn',
          msg: 'identity channel line over the limit; connection closed',
          bytes: buffered,
        });
        socket.destroy();
      }
    });
    lines.on('line', (line) => {
      const message = parseIdentityMessage(line);
      if (!message) {
        log({ level: 'warn', msg: 'identity channel message refused', bytes: line.length });
        socket.write(
          `${JSON.stringify({ op: 'refused', port: -1, reason: 'not a message of the protocol' })}\n`,
        );
        return;
      }
      if (message.op === 'unbind') {
        bindings.delete(message.port);
        mine.delete(message.port);
        return;
      }
      bindings.set(message.port, { endpoint: message.endpoint, identity: message.identity });
      mine.add(message.port);
      socket.write(`${JSON.stringify({ op: 'bound', port: message.port })}\n`);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      for (const port of mine) bindings.delete(port);
      log({ level: 'warn', msg: 'identity channel closed; its sessions are unbound', sessions: mine.size });
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
    sessionOf: (port) => bindings.get(port),
    get connected() {
      return sockets.size > 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(path, { force: true });
    },
  };
}
