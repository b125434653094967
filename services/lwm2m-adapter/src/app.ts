import { randomBytes } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import {
  CONTENT_FORMAT,
  contentFormatNumber,
  decodeContent,
  type Lwm2mResources,
} from '@rosetta/codecs/lwm2m';
import { batchingPublisher, contentRecordId, publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { createRawRecord, type RawRecord, type RawResult } from '@rosetta/raw-record';
import { createMetrics, type Metrics } from '@rosetta/telemetry';
import { createServer, type IncomingMessage, type OutgoingMessage, type Server } from 'coap';
import { generate, type ParsedPacket } from 'coap-packet';
import { type CoapReply, CoapRequester } from './coap-requester.ts';
import { type Lwm2mConfig, tenantFor } from './config.ts';
import { firmwareReports } from './firmware-reports.ts';
import { hasFirmwareObject, parseObjects, parseRegister, parseUpdate } from './registration.ts';
import { memoryRegistrationStore, type Registration, type RegistrationStore } from './registry.ts';

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
  stats: { registered: number; notifications: number; published: number; refused: number; dropped: number };
  close(): Promise<void>;
}

const LINK_FORMAT = CONTENT_FORMAT.LINK_FORMAT;
/** In NoSec the registration id is the only secret a device holds: 128 random bits. */
const REGISTRATION_ID_BYTES = 16;
const FIRMWARE_INSTANCE = '/5/0';
// node-coap keeps each answered exchange (for deduplicating retransmitted requests) for EXCHANGE_LIFETIME, ~5 KiB of
// objects each, but budgets its cache by response bytes (~20 per registration answer): its 32 MiB default would let a
// registration storm pin gigabytes. 512 KiB of answers is ~25,000 recent exchanges, evicted oldest first.
const EXCHANGE_CACHE_BYTES = 512 * 1024;

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

export async function startLwm2mAdapter(options: Lwm2mAdapterOptions): Promise<Lwm2mAdapter> {
  const { config } = options;
  // Notifications arrive one by one and no sender waits on them: coalesce them into large produce requests.
  const publisher = batchingPublisher(options.publisher);
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const store = options.store ?? memoryRegistrationStore();
  const maxPayload = config.maxPayloadBytes ?? 4096;
  const stats = { registered: 0, notifications: 0, published: 0, refused: 0, dropped: 0 };
  const metrics = options.metrics ?? createMetrics('lwm2m-adapter');
  const countRegistrations = () => {
    metrics.registrations.set(store.size());
    metrics.observations.set(device.observationCount);
  };
  const server: Server = createServer({ type: 'udp4', cacheSize: EXCHANGE_CACHE_BYTES });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 5683, options.host ?? '0.0.0.0', () => resolve()),
  );
  const socket = (server as unknown as { _sock: Socket })._sock;
  answerErrorsToTheSender(server, socket);
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

  /** Logs and rethrows a failed write, so a confirmable notification stays unacknowledged and comes again. */
  const publish = async (record: RawRecord) => {
    try {
      await publishRaw(publisher, [record]);
      stats.published += 1;
      metrics.accepted.inc({ vocabulary: record.vocabulary, tenant: record.tenant });
    } catch (error) {
      metrics.producerErrors.inc();
      log({
        level: 'error',
        msg: 'raw record not published',
        tenant: record.tenant,
        vocabulary: record.vocabulary,
        recordId: record.recordId,
        device: record.results[0]?.device.id,
        error: (error as Error).message,
      });
      throw error;
    }
  };

  const rawRecord = (
    r: Registration,
    vocabulary: 'lwm2m-fw' | 'lwm2m-coap',
    parts: string[],
    received: RawRecord['received'],
    results: RawResult[],
  ): RawRecord =>
    createRawRecord({
      vocabulary,
      tenant: r.tenant,
      recordId: contentRecordId(r.tenant, r.endpoint, r.id, ...parts),
      profile: config.tenants[r.tenant]?.profile,
      received,
      results,
    });

  const deviceOf = (r: Registration): RawResult['device'] => ({
    id: r.endpoint,
    endpoint: r.endpoint,
    ...r.device,
  });

  /** A failed server operation becomes a lwm2m-coap record keyed operation/code, as seed 004 writes them. */
  const operationFailed = (r: Registration, operation: string, path: string, code: string) =>
    publish(
      rawRecord(
        r,
        'lwm2m-coap',
        [operation, path, code, String(Date.now())],
        {
          contentType: 'application/json',
          encoding: 'utf8',
          body: JSON.stringify({ operation, path, code }),
          peer: `${r.address}:${r.port}`,
        },
        [{ code: `${operation}/${code}`, device: deviceOf(r) }],
      ),
    ).catch(() => undefined); // logged by publish; the device's answer cannot be asked for again

  const onFirmwareValues = firmwareReports({
    metrics,
    log,
    stats,
    publish,
    record: (r, parts, received, results) => rawRecord(r, 'lwm2m-fw', parts, received, results),
    deviceOf,
  });

  const read = async (r: Registration, path: string): Promise<Lwm2mResources | undefined> => {
    try {
      const res = await device.get(r, path);
      if (!res.code.startsWith('2.')) {
        await operationFailed(r, 'read', path, res.code);
        return undefined;
      }
      return decodeContent(res.format, res.payload, path);
    } catch (error) {
      log({ level: 'warn', msg: 'read failed', device: r.endpoint, path, error: (error as Error).message });
      return undefined;
    }
  };

  const observe = async (r: Registration, path: string) => {
    let res: CoapReply;
    try {
      res = await device.get(r, path, (notification) => onFirmwareValues(r, path, notification));
    } catch (error) {
      log({
        level: 'warn',
        msg: 'observe failed',
        device: r.endpoint,
        path,
        error: (error as Error).message,
      });
      return;
    }
    if (!res.code.startsWith('2.')) {
      await operationFailed(r, 'observe', path, res.code);
      return;
    }
    const { token } = res;
    r.cancel.push(() => device.forget(token));
    await onFirmwareValues(r, path, res); // the observation's first value
  };

  const refreshFirmware = async (r: Registration) => {
    const res = await device.get(r, FIRMWARE_INSTANCE).catch(() => undefined);
    // A plain read has no Observe value: it is ordered by the queue, not by sequence.
    if (res?.code.startsWith('2.'))
      await onFirmwareValues(r, FIRMWARE_INSTANCE, {
        format: res.format,
        payload: res.payload,
        observe: undefined,
      });
  };

  /** Reads /3/0 once, then observes the whole Firmware Update instance: State, Update Result and the package in one observation. */
  const follow = async (r: Registration) => {
    const info = await read(r, '/3/0');
    const text = (key: string) =>
      typeof info?.get(key) === 'string' ? (info.get(key) as string) : undefined;
    const manufacturer = text('/3/0/0');
    const model = text('/3/0/1');
    const firmwareVersion = text('/3/0/3');
    r.device = {
      ...(manufacturer ? { manufacturer } : {}),
      ...(model ? { model } : {}),
      ...(firmwareVersion ? { firmwareVersion } : {}),
    };
    if (r.firmware) await observe(r, FIRMWARE_INSTANCE);
  };

  const drop = (r: Registration | undefined) => {
    for (const cancel of r?.cancel.splice(0) ?? []) cancel();
  };

  const answer = (res: OutgoingMessage, code: string, reason?: string) => {
    if (code.startsWith('4')) stats.refused += 1;
    res.code = code;
    res.end(reason ?? '');
  };

  const handle = async (req: IncomingMessage, res: OutgoingMessage) => {
    const [pathname = '', query = ''] = req.url.split('?');
    const segments = pathname.split('/').filter(Boolean);
    const declared = req.headers['Content-Format'];
    if (segments[0] !== 'rd') return answer(res, '4.04', 'unknown resource');
    if (req.payload.length > maxPayload) return answer(res, '4.13', `payload over ${maxPayload} bytes`);
    if (declared !== undefined && contentFormatNumber(declared) !== LINK_FORMAT)
      return answer(res, '4.15', 'registration payload must be application/link-format');
    if (segments.length === 1 && req.method === 'POST') {
      const params = parseRegister(query);
      if (!params.ok) return answer(res, params.code, params.reason);
      const objects = parseObjects(req.payload);
      if (!objects.ok) return answer(res, objects.code, objects.reason);
      const tenant = tenantFor(config, params.value.endpoint);
      if (!tenant) return answer(res, '4.03', 'endpoint not allowed');
      const previous = store.byEndpoint(params.value.endpoint);
      if (!previous && store.size() >= (config.maxRegistrations ?? 1_000_000))
        return answer(res, '5.03', 'registration limit reached');
      if (previous && (previous.address !== req.rsinfo.address || previous.port !== req.rsinfo.port)) {
        // Allowed by the spec (a device may come back from a new address); in NoSec it may also be a takeover.
        metrics.lwm2mReregistrations.inc();
        log({
          level: 'warn',
          msg: 'endpoint re-registered from another address',
          device: params.value.endpoint,
          previous: `${previous.address}:${previous.port}`,
          peer: `${req.rsinfo.address}:${req.rsinfo.port}`,
        });
      }
      const registration: Registration = {
        id: randomBytes(REGISTRATION_ID_BYTES).toString('hex'),
        endpoint: params.value.endpoint,
        tenant,
        address: req.rsinfo.address,
        port: req.rsinfo.port,
        lifetime: params.value.lifetime,
        version: params.value.version,
        binding: params.value.binding,
        expiresAt: Date.now() + params.value.lifetime * 1000,
        firmware: hasFirmwareObject(objects.value),
        device: {},
        pkg: {},
        cancel: [],
        queue: Promise.resolve(),
      };
      drop(store.add(registration)); // re-registration replaces the old observations
      stats.registered += 1;
      countRegistrations();
      res.setOption('Location-Path', [Buffer.from('rd'), Buffer.from(registration.id)]);
      answer(res, '2.01');
      void follow(registration).catch((error: Error) =>
        log({
          level: 'error',
          msg: 'following device failed',
          device: registration.endpoint,
          error: error.message,
        }),
      );
      return;
    }
    const registration = segments.length === 2 ? store.get(segments[1] ?? '') : undefined;
    if (segments.length !== 2) return answer(res, '4.04', 'unknown resource');
    if (req.method === 'POST') {
      if (!registration) return answer(res, '4.04', 'unknown registration');
      const update = parseUpdate(query);
      if (!update.ok) return answer(res, update.code, update.reason);
      registration.lifetime = update.value.lifetime ?? registration.lifetime;
      registration.expiresAt = Date.now() + registration.lifetime * 1000;
      registration.address = req.rsinfo.address;
      registration.port = req.rsinfo.port;
      answer(res, '2.04');
      // Observe is best-effort: while an update is in progress, read State and Result again so no final result is missed.
      if (registration.firmware && registration.state !== undefined && registration.state > 0)
        void refreshFirmware(registration).catch(() => undefined); // a failed write is logged by publish
      return;
    }
    if (req.method === 'DELETE') {
      const removed = store.remove(segments[1] ?? '');
      if (!removed) return answer(res, '4.04', 'unknown registration');
      drop(removed);
      countRegistrations();
      return answer(res, '2.02');
    }
    return answer(res, '4.05', 'method not allowed');
  };

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
    for (const r of store.expired(Date.now() - grace)) drop(store.remove(r.id));
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
