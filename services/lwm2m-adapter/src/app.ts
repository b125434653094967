import { batchingPublisher, type RecordPublisher } from '@rosetta/kafka';
import { createMetrics, type Metrics } from '@rosetta/telemetry';
import type { IncomingMessage, OutgoingMessage } from 'coap';
import { CoapRequester } from './coap-requester.ts';
import type { Lwm2mConfig } from './config.ts';
import { type KnownValuesStore, memoryKnownValues } from './known-values.ts';
import { listenCoap, listenCoapUdp } from './node-coap-server.ts';
import { type AdapterStats, objectFollower } from './object-follower.ts';
import { registrationInterface } from './registration-interface.ts';
import { memoryRegistrationStore, type RegistrationStore } from './registry.ts';
import { NOSEC, type Session } from './session.ts';
import { listenSessionChannel, type SessionChannel } from './session-channel.ts';

const DEFAULT_RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * How the adapter's publisher batches produce requests: at most one every 50 ms (a linger.ms), so a registration
 * storm reaches the broker as a few large requests instead of thousands of small ones. Measured at 100,000 devices,
 * the broker's CPU per 1,000 registrations: 0.06–0.07 s at 5 ms (Java's default), 0.04–0.05 s at 20 ms, 0.02 s at
 * 50 ms (100 ms gave no less). Under load a notification's ACK waits up to 50 ms for Kafka, far inside CoAP's 2 s
 * ACK_TIMEOUT; a lone record after a quiet spell leaves at once.
 */
export const PRODUCE_BATCHING = { minRequestIntervalMs: 50 } as const;

export interface Lwm2mAdapterOptions {
  publisher: RecordPublisher;
  config: Lwm2mConfig;
  /** Plain CoAP (NoSec) on this port; left out, the adapter has no NoSec listener. */
  port?: number;
  host?: string;
  /** The DTLS gateway's side (README: coaps): the unix socket of the session channel. */
  secure?: { sessionSocket: string };
  store?: RegistrationStore;
  /** The values last written per endpoint, beyond registrations (reconcile on Register); in memory by default. */
  knownValues?: KnownValuesStore;
  log?: (line: Record<string, unknown>) => void;
  metrics?: Metrics;
}

export interface Lwm2mAdapter {
  /** The NoSec port, when there is a NoSec listener. */
  port?: number;
  sessions?: SessionChannel;
  registrations: RegistrationStore;
  stats: AdapterStats;
  close(): Promise<void>;
}

/** An adapter started with a NoSec `port` has one. */
export type Lwm2mAdapterFor<O> = Lwm2mAdapter & (O extends { port: number } ? { port: number } : unknown);
export type NoSecLwm2mAdapter = Lwm2mAdapterFor<{ port: number }>;

export async function startLwm2mAdapter<O extends Lwm2mAdapterOptions>(
  options: O,
): Promise<Lwm2mAdapterFor<O>> {
  const { config } = options;
  // Notifications arrive one by one and no sender waits on them: coalesce them into large produce requests.
  const publisher = batchingPublisher(options.publisher);
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const store = options.store ?? memoryRegistrationStore();
  const known = options.knownValues ?? memoryKnownValues();
  const stats: AdapterStats = { registered: 0, notifications: 0, published: 0, refused: 0, dropped: 0 };
  const metrics = options.metrics ?? createMetrics('lwm2m-adapter');
  const countRegistrations = () => metrics.registrations.set(store.size());

  /** One CoAP listener: its socket carries the requests to its devices too, so NAT bindings hold. */
  const serve = async (
    { server, socket, close }: Awaited<ReturnType<typeof listenCoap>>,
    sessionOf: (peer: { address: string; port: number }) => Session | undefined,
  ) => {
    const device = new CoapRequester(socket, {
      accept: config.accept,
      onObservations: (delta) => metrics.observations.inc(delta),
    });
    // node-coap answers undecodable datagrams itself; this listener only makes each such drop visible in the logs.
    socket.on('message', (msg: Buffer, rinfo) => {
      const version = (msg[0] ?? 0) >> 6;
      if (msg.length < 4 || version !== 1) {
        stats.dropped += 1;
        log({
          level: 'warn',
          msg: 'dropped a datagram that is not CoAP',
          peer: `${rinfo.address}:${rinfo.port}`,
          bytes: msg.length,
        });
      }
    });
    const follower = objectFollower({ config, device, publisher, metrics, log, stats, known });
    const handle = registrationInterface({
      config,
      store,
      follower,
      known,
      metrics,
      log,
      stats,
      countRegistrations,
      sessionOf,
    });
    server.on('request', (req: IncomingMessage, res: OutgoingMessage) => {
      handle(req, res).catch((error: Error) => {
        // node-coap would turn a thrown error into a silent 5.00; log it and answer 5.00 ourselves.
        log({ level: 'error', msg: 'request handler failed', url: req.url, error: error.message });
        res.code = '5.00';
        res.end();
      });
    });
    return {
      follower,
      // Notifications being written finish (and are acknowledged) before the socket closes.
      close: async () => {
        await device.close();
        await close();
      },
    };
  };

  const udp =
    options.port === undefined
      ? undefined
      : await listenCoapUdp({
          port: options.port,
          host: options.host ?? '0.0.0.0',
          reusePort: config.reusePort ?? false,
          receiveBufferBytes: config.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES,
          maxQueuedBytes: config.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES,
          onDropped: (count) => {
            stats.dropped += count;
            metrics.lwm2mDatagramsDropped.inc({ reason: 'adapter-behind' }, count);
          },
          log,
        });
  if (udp && udp.udp.receiveBufferBytes < (config.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES))
    log({
      level: 'warn',
      msg: 'UDP receive buffer is smaller than asked; raise net.core.rmem_max',
      asked: config.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES,
      granted: udp.udp.receiveBufferBytes,
    });
  const noSec = udp ? await serve(udp, () => NOSEC) : undefined;
  const sessions = options.secure ? await listenSessionChannel(options.secure.sessionSocket, log) : undefined;
  const secure = sessions
    ? await serve(await listenCoap(sessions.socket), (peer) => {
        const session = sessions.sessionOf(peer);
        return session ? { security: 'dtls', ...session } : undefined;
      })
    : undefined;
  const listeners = [noSec, secure].filter((l) => l !== undefined);
  const first = listeners[0];
  if (!first)
    throw new Error("the LwM2M adapter needs a NoSec port, the DTLS gateway's session channel, or both");

  const sweep = setInterval(() => {
    const grace = (config.lifetimeGraceSeconds ?? 15) * 1000;
    for (const r of store.expired(Date.now() - grace)) first.follower.drop(store.remove(r.id));
    countRegistrations();
  }, 5000);
  sweep.unref();

  const adapter: Lwm2mAdapter = {
    ...(udp ? { port: udp.udp.port } : {}),
    ...(sessions ? { sessions } : {}),
    registrations: store,
    stats,
    close: async () => {
      clearInterval(sweep);
      for (const listener of listeners) await listener.close();
      await sessions?.close();
    },
  };
  // `port` is there exactly when options.port was given (above); TypeScript cannot follow that through the spread.
  return adapter as Lwm2mAdapterFor<O>;
}
