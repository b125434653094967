import { CONTENT_FORMAT, contentFormatNumber, decodeSenmlPack, type SenmlPack } from '@rosetta/codecs/lwm2m';
import type { Metrics } from '@rosetta/telemetry';
import type { IncomingMessage, OutgoingMessage } from 'coap';
import { type Lwm2mConfig, tenantFor } from './config.ts';
import { followedObjects, instanceOf } from './followed-objects.ts';
import { type KnownValuesStore, seedInstances } from './known-values.ts';
import type { AdapterStats, ObjectFollower } from './object-follower.ts';
import { randomSlice } from './random-pool.ts';
import { parseObjects, parseRegister, parseUpdate } from './registration.ts';
import { type Registration, type RegistrationStore, wake } from './registry.ts';
import type { Session } from './session.ts';

const LINK_FORMAT = CONTENT_FORMAT.LINK_FORMAT;
/** In NoSec the registration id is the only secret a device holds: 128 random bits. */
const REGISTRATION_ID_BYTES = 16;

export interface RegistrationInterfaceContext {
  config: Lwm2mConfig;
  store: RegistrationStore;
  follower: ObjectFollower;
  known: KnownValuesStore;
  metrics: Metrics;
  log: (line: Record<string, unknown>) => void;
  stats: AdapterStats;
  /** Refreshes the registration and observation gauges. */
  countRegistrations: () => void;
  /** Who a request comes from: NoSec, a DTLS session bound to an endpoint, or (undefined) no one. */
  sessionOf: (peer: { address: string; port: number }) => Session | undefined;
}

/**
 * The LwM2M Registration Interface (`/rd`: Register, Update, De-register) and the Information Reporting
 * interface's Send (`/dp`, LwM2M 1.1) as one CoAP request handler.
 */
export function registrationInterface({
  config,
  store,
  follower,
  known,
  metrics,
  log,
  stats,
  countRegistrations,
  sessionOf,
}: RegistrationInterfaceContext) {
  const maxPayload = config.maxPayloadBytes ?? 4096;
  const awakeMs = (config.queueAwakeSeconds ?? 93) * 1000;
  const { follow, relist, refresh, reobserve, drop } = follower;
  const logFailure = (registration: Registration, what: string) => (error: Error) =>
    log({ level: 'error', msg: what, device: registration.endpoint, error: error.message });
  const answer = (res: OutgoingMessage, code: string, reason?: string) => {
    if (code.startsWith('4')) stats.refused += 1;
    res.code = code;
    res.end(reason ?? '');
  };

  const refuse = (res: OutgoingMessage, reason: SecurityRefusal, text: string) => {
    metrics.lwm2mSecurityRefused.inc({ reason });
    answer(res, reason === 'no-session' ? '4.01' : '4.03', text);
  };

  const handle = async (req: IncomingMessage, res: OutgoingMessage) => {
    const session = sessionOf(req.rsinfo);
    if (!session) return refuse(res, 'no-session', 'no authenticated session');
    const [pathname = '', query = ''] = req.url.split('?');
    const segments = pathname.split('/').filter(Boolean);
    const declared = req.headers['Content-Format'];
    if (req.payload.length > maxPayload) return answer(res, '4.13', `payload over ${maxPayload} bytes`);
    if (segments[0] === 'dp' && segments.length === 1) return send(req, res, session, declared);
    if (segments[0] !== 'rd') return answer(res, '4.04', 'unknown resource');
    if (declared !== undefined && contentFormatNumber(declared) !== LINK_FORMAT)
      return answer(res, '4.15', 'registration payload must be application/link-format');
    if (segments.length === 1 && req.method === 'POST') {
      const params = parseRegister(query);
      if (!params.ok) return answer(res, params.code, params.reason);
      const objects = parseObjects(req.payload);
      if (!objects.ok) return answer(res, objects.code, objects.reason);
      const tenant = tenantFor(config, params.value.endpoint);
      if (!tenant) return answer(res, '4.03', 'endpoint not allowed');
      if (session.security === 'dtls' && session.endpoint !== params.value.endpoint)
        return refuse(res, 'endpoint-not-bound', 'endpoint is not the one bound to these credentials');
      const previous = store.byEndpoint(params.value.endpoint);
      if (previous?.security === 'dtls' && session.security === 'nosec')
        return refuse(res, 'nosec-takeover', 'endpoint is registered over DTLS');
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
        id: randomSlice(REGISTRATION_ID_BYTES).toString('hex'),
        endpoint: params.value.endpoint,
        tenant,
        address: req.rsinfo.address,
        port: req.rsinfo.port,
        lifetime: params.value.lifetime,
        version: params.value.version,
        binding: params.value.binding,
        expiresAt: Date.now() + params.value.lifetime * 1000,
        security: session.security,
        ...(params.value.queueMode ? { awakeUntil: Date.now() + awakeMs } : {}),
        device: {},
        ...followedState(objects.value),
        queue: Promise.resolve(),
      };
      // Reconcile: after a reboot (or an adapter restart) the first values read are compared with the last written.
      seedInstances(
        registration.instances,
        previous?.tenant === tenant ? previous.instances : known.get(tenant, registration.endpoint),
      );
      drop(store.add(registration)); // re-registration replaces the old observations
      stats.registered += 1;
      countRegistrations();
      res.setOption('Location-Path', [Buffer.from('rd'), Buffer.from(registration.id)]);
      answer(res, '2.01');
      void follow(registration).catch(logFailure(registration, 'following device failed'));
      return;
    }
    const registration = segments.length === 2 ? store.get(segments[1] ?? '') : undefined;
    if (segments.length !== 2) return answer(res, '4.04', 'unknown resource');
    if (registration && !mayChange(session, registration))
      return refuse(res, 'foreign-session', 'registration belongs to another session');
    if (req.method === 'POST') {
      if (!registration) return answer(res, '4.04', 'unknown registration');
      const update = parseUpdate(query);
      if (!update.ok) return answer(res, update.code, update.reason);
      // An Update carries the object list when the device's objects or instances changed (TS Core §6.2.2).
      const objects = req.payload.length > 0 ? parseObjects(req.payload) : undefined;
      if (objects && !objects.ok) return answer(res, objects.code, objects.reason);
      registration.lifetime = update.value.lifetime ?? registration.lifetime;
      registration.expiresAt = Date.now() + registration.lifetime * 1000;
      const moved = registration.address !== req.rsinfo.address || registration.port !== req.rsinfo.port;
      store.move(registration, req.rsinfo.address, req.rsinfo.port);
      if (update.value.queueMode === false) registration.awakeUntil = undefined;
      if (update.value.queueMode === true) registration.awakeUntil ??= 0;
      wake(registration, awakeMs);
      answer(res, '2.04');
      if (objects)
        void relist(registration, objects.value).catch(logFailure(registration, 'relisting failed'));
      // Observations are bound to the address they were made from: after a move, observe (and so read) again.
      if (moved) void reobserve(registration).catch(logFailure(registration, 'observing again failed'));
      // Observe is best-effort: while an update is in progress, read State and Result again so no final result is missed.
      else void refresh(registration).catch(() => undefined); // a failed write is logged by publish
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

  /** LwM2M 1.1 Send: 2.04 once every value is in Kafka; 4.00 (no registration, not SenML, undecodable), 4.04. */
  const send = async (req: IncomingMessage, res: OutgoingMessage, session: Session, declared: unknown) => {
    const refuseSend = (reason: SendRefusal, code: '4.00' | '4.04' | '4.05', text: string) => {
      metrics.lwm2mSendRefused.inc({ reason });
      answer(res, code, text);
    };
    if (req.method !== 'POST') return refuseSend('method', '4.05', 'Send is a POST');
    const registration =
      session.security === 'dtls'
        ? store.byEndpoint(session.endpoint)
        : store.byPeer(req.rsinfo.address, req.rsinfo.port);
    if (!registration || !mayChange(session, registration))
      return refuseSend('no-registration', '4.00', 'no registration for this client');
    const format = contentFormatNumber(declared);
    if (format !== CONTENT_FORMAT.SENML_JSON && format !== CONTENT_FORMAT.SENML_CBOR)
      return refuseSend('not-senml', '4.00', 'Send carries SenML JSON or SenML CBOR');
    let pack: SenmlPack;
    try {
      pack = decodeSenmlPack(format, req.payload, Date.now());
    } catch (error) {
      return refuseSend('undecodable', '4.00', (error as Error).message);
    }
    const unregistered = [...pack.values.keys()].find((path) => {
      const ref = instanceOf(path);
      return ref !== undefined && !registration.objects.includes(ref.spec.object);
    });
    if (unregistered)
      return refuseSend('object-not-registered', '4.04', `${unregistered}: object not registered`);
    try {
      await follower.send(registration, pack, { format, payload: req.payload });
    } catch {
      return answer(res, '5.03', 'not stored; send again'); // logged by publish
    }
    answer(res, '2.04');
  };

  return handle;
}

export type SendRefusal =
  | 'method'
  | 'no-registration'
  | 'not-senml'
  | 'undecodable'
  | 'object-not-registered';

/** What a registration follows, from the object list it gave. */
function followedState(links: Parameters<typeof followedObjects>[0]) {
  const { objects, instances } = followedObjects(links);
  return {
    objects,
    instances: instances.map(({ path, spec }) => ({ path, spec, values: {}, pkg: {} })),
  };
}

export type SecurityRefusal = 'no-session' | 'endpoint-not-bound' | 'nosec-takeover' | 'foreign-session';

/** Update and De-register: a DTLS registration only from a session bound to its endpoint; NoSec only over NoSec. */
function mayChange(session: Session, registration: Registration): boolean {
  if (session.security === 'nosec') return registration.security === 'nosec';
  return registration.security === 'dtls' && session.endpoint === registration.endpoint;
}
