import { batchingPublisher, type RecordPublisher } from '@rosetta/kafka';
import { createMetrics, type Metrics } from '@rosetta/telemetry';
import type { IncomingMessage, OutgoingMessage } from 'coap';
import { CoapRequester } from './coap-requester.ts';
import type { Lwm2mConfig } from './config.ts';
import { type AdapterStats, firmwareFollower } from './firmware-follower.ts';
import { listenCoap } from './node-coap-server.ts';
import { registrationInterface } from './registration-interface.ts';
import { memoryRegistrationStore, type RegistrationStore } from './registry.ts';

export interface Lwm2mAdapterOptions {
  publisher: RecordPublisher;
  config: Lwm2mConfig;
  port?: number;
  host?: string;
  store?: RegistrationStore;
  log?: (line: Record<string, unknown>) => void;
  metrics?: Metrics;
}

export interface Lwm2mAdapter {
  port: number;
  registrations: RegistrationStore;
  stats: AdapterStats;
  close(): Promise<void>;
}

export async function startLwm2mAdapter(options: Lwm2mAdapterOptions): Promise<Lwm2mAdapter> {
  const { config } = options;
  // Notifications arrive one by one and no sender waits on them: coalesce them into large produce requests.
  const publisher = batchingPublisher(options.publisher);
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const store = options.store ?? memoryRegistrationStore();
  const stats: AdapterStats = { registered: 0, notifications: 0, published: 0, refused: 0, dropped: 0 };
  const metrics = options.metrics ?? createMetrics('lwm2m-adapter');
  const countRegistrations = () => {
    metrics.registrations.set(store.size());
    metrics.observations.set(device.observationCount);
  };
  const { server, socket } = await listenCoap(options.port ?? 5683, options.host ?? '0.0.0.0');
  const wantedBuffer = config.receiveBufferBytes ?? 8 * 1024 * 1024;
  socket.setRecvBufferSize(wantedBuffer);
  // Linux doubles the request for bookkeeping and caps it at net.core.rmem_max.
  const granted = socket.getRecvBufferSize();
  if (granted < wantedBuffer)
    log({
      level: 'warn',
      msg: 'UDP receive buffer is smaller than asked; raise net.core.rmem_max',
      asked: wantedBuffer,
      granted,
    });
  // Requests to devices leave from this same socket, so NAT bindings hold and notifications come back here.
  const device = new CoapRequester(socket, { accept: config.accept });

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

  const follower = firmwareFollower({ config, device, publisher, metrics, log, stats });
  const handle = registrationInterface({ config, store, follower, metrics, log, stats, countRegistrations });
  server.on('request', (req: IncomingMessage, res: OutgoingMessage) => {
    handle(req, res).catch((error: Error) => {
      // node-coap would turn a thrown error into a silent 5.00; log it and answer 5.00 ourselves.
      log({ level: 'error', msg: 'request handler failed', url: req.url, error: error.message });
      res.code = '5.00';
      res.end();
    });
  });

  const sweep = setInterval(() => {
    const grace = (config.lifetimeGraceSeconds ?? 15) * 1000;
    for (const r of store.expired(Date.now() - grace)) follower.drop(store.remove(r.id));
    countRegistrations();
  }, 5000);
  sweep.unref();

  return {
    port: socket.address().port,
    registrations: store,
    stats,
    // Notifications being written finish (and are acknowledged) before the socket closes.
    close: async () => {
      clearInterval(sweep);
      await device.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
