import { CONTENT_FORMAT, decodeContent, type Lwm2mResources, type SenmlPack } from '@rosetta/codecs/lwm2m';
import type { RawRecord, RawResult } from '@rosetta/raw-record';
import type { Metrics } from '@rosetta/telemetry';
import {
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_TRANSPORT,
  endSpan,
  type Span,
  SpanKind,
  startSpan,
  traceparentOf,
} from '@rosetta/tracing';
import type { CoapReply } from './coap-exchange.ts';
import { type FollowedObject, instanceOf, MAX_FOLLOWED_INSTANCES } from './followed-objects.ts';
import { type InstanceValues, instanceChanges } from './object-events.ts';
import { isFresher, serially } from './observe-order.ts';
import type { FollowedInstance, Registration } from './registry.ts';

export interface ObjectReportsOptions {
  metrics: Metrics;
  log: (line: Record<string, unknown>) => void;
  stats: { notifications: number };
  /** Writes the record (acks=all); rejects when Kafka did not take it. */
  publish: (record: RawRecord) => Promise<void>;
  record: (
    r: Registration,
    vocabulary: FollowedObject['vocabulary'],
    parts: string[],
    received: RawRecord['received'],
    results: RawResult[],
  ) => RawRecord;
  deviceOf: (r: Registration) => RawResult['device'];
  /** After a change of an instance's values was written (the known-values store keeps them). */
  changed?: (r: Registration) => void;
}

export type ObservedReport = Omit<CoapReply, 'token' | 'code'>;

/** What a Send carried for the followed objects. */
export interface SendOutcome {
  instances: number;
  /** Values of objects the adapter does not follow (e.g. /3/0/9): valid, not its business. */
  ignored: number;
}

/**
 * What the adapter does with each value a device reports for Firmware Update (5) or Software Management (9):
 * decode, check the types, compare with what was last written for that instance, publish the changes.
 * `observed` handles one notification, first observe response or re-read of an instance; `sent` one LwM2M Send.
 * Both resolve once the report is done with (a confirmable notification is acknowledged, a Send answered, then)
 * and reject when its record could not be written.
 */
export function objectReports(options: ObjectReportsOptions) {
  const { metrics, log, stats, publish, record, deviceOf, changed } = options;
  let sequence = 0;

  /** The enumerations are Integers (Activation State a Boolean, 0/1): anything else is no result, counted. */
  const enumeration = (r: Registration, values: Lwm2mResources, key: string): number | undefined => {
    const value = values.get(key);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    metrics.lwm2mDropped.inc({ reason: 'not-an-enumeration-value' });
    log({
      level: 'warn',
      msg: 'value is not an Integer enumeration value; not published',
      device: r.endpoint,
      resource: key,
      value: String(value).slice(0, 40),
    });
    return undefined;
  };

  /** One instance's values: compare with the held ones, publish the changes, then hold the new ones. */
  const apply = async (
    r: Registration,
    instance: FollowedInstance,
    values: Lwm2mResources,
    report: { parts: string[]; received: RawRecord['received']; traceparent?: string; occurredAt?: string },
  ) => {
    const { spec, path } = instance;
    metrics.received.inc({ vocabulary: spec.vocabulary, tenant: r.tenant });
    const name = values.get(`${path}/${spec.packageName}`);
    const version = values.get(`${path}/${spec.packageVersion}`);
    if (typeof name === 'string' && name) instance.pkg.name = name;
    if (typeof version === 'string' && version) instance.pkg.version = version;
    const next: InstanceValues = { ...instance.values };
    for (const [resource, kind] of spec.enumerations) {
      const value = enumeration(r, values, `${path}/${resource}`);
      if (value !== undefined) next[kind] = value;
    }
    const results = instanceChanges(spec, instance.values, next, {
      device: deviceOf(r),
      package: instance.pkg,
      ...(report.occurredAt ? { occurredAt: report.occurredAt } : {}),
    });
    // The held values move only once the change is in Kafka: a retransmission after a failed write is a change again.
    if (results.length > 0) {
      sequence += 1;
      const raw = record(r, spec.vocabulary, [...report.parts, String(sequence)], report.received, results);
      await publish(report.traceparent ? { ...raw, traceparent: report.traceparent } : raw);
      instance.values = next;
      changed?.(r);
      return;
    }
    instance.values = next;
  };

  const receivedOf = (r: Registration, format: number | undefined, payload: Buffer) => ({
    contentType: String(format ?? CONTENT_FORMAT.TLV),
    encoding: 'base64' as const,
    body: payload.toString('base64'),
    peer: `${r.address}:${r.port}`,
  });

  const observedValues = async (
    r: Registration,
    instance: FollowedInstance,
    reply: ObservedReport,
    traceparent: string | undefined,
  ) => {
    let values: Lwm2mResources;
    try {
      values = decodeContent(reply.format, reply.payload, instance.path);
    } catch (error) {
      metrics.lwm2mDropped.inc({ reason: 'undecodable' });
      log({
        level: 'warn',
        msg: 'undecodable notification',
        device: r.endpoint,
        path: instance.path,
        format: reply.format,
        error: (error as Error).message,
      });
      return;
    }
    stats.notifications += 1;
    metrics.notifications.inc();
    await apply(r, instance, values, {
      parts: [instance.path, reply.payload.toString('hex')],
      received: receivedOf(r, reply.format, reply.payload),
      ...(traceparent ? { traceparent } : {}),
    });
  };

  /**
   * Every value a device reports — notification, first observe response, re-read, Send — goes through its queue, so
   * one device's values are compared and written strictly one after another. Notifications older than one already
   * processed for the same observation (RFC 7641 §3.4) are dropped and counted; resolving acknowledges them.
   */
  const observed = (r: Registration, instance: FollowedInstance, reply: ObservedReport) => {
    const span = reportSpan(r, `LwM2M report ${instance.path}`, {
      'lwm2m.path': instance.path,
      ...(reply.observe === undefined ? {} : { 'coap.observe': reply.observe }),
      ...(reply.format === undefined ? {} : { 'coap.content_format': reply.format }),
    });
    return ended(
      span,
      serially(r, async () => {
        const mark = reply.observe === undefined ? undefined : { sequence: reply.observe, at: Date.now() };
        if (mark && !isFresher(instance.lastObserve, mark)) {
          metrics.lwm2mDropped.inc({ reason: 'stale-observe-sequence' });
          log({
            level: 'info',
            msg: 'stale notification dropped',
            device: r.endpoint,
            observe: mark.sequence,
          });
          span.setAttribute('lwm2m.dropped', 'stale-observe-sequence');
          return;
        }
        await observedValues(r, instance, reply, traceparentOf(span));
        if (mark) instance.lastObserve = mark;
      }),
    );
  };

  /** A LwM2M Send (`POST /dp`): its values per followed instance, each stamped with the time the pack gives it. */
  const sent = (
    r: Registration,
    pack: SenmlPack,
    wire: { format: number; payload: Buffer },
  ): Promise<SendOutcome> => {
    const span = reportSpan(r, 'LwM2M Send', { 'coap.content_format': wire.format });
    const byInstance = new Map<FollowedInstance, Lwm2mResources>();
    const times = new Map<FollowedInstance, number>();
    let ignored = 0;
    for (const [path, value] of pack.values) {
      const instance = instanceFor(r, path);
      if (!instance) {
        ignored += 1;
        continue;
      }
      const values = byInstance.get(instance) ?? new Map();
      values.set(path, value);
      byInstance.set(instance, values);
      const at = pack.times.get(path);
      if (at !== undefined) times.set(instance, Math.max(at, times.get(instance) ?? at));
    }
    const received = receivedOf(r, wire.format, wire.payload);
    const done = serially(r, async () => {
      stats.notifications += 1;
      metrics.notifications.inc();
      for (const [instance, values] of byInstance) {
        const at = times.get(instance);
        await apply(r, instance, values, {
          parts: ['send', instance.path, wire.payload.toString('hex')],
          received,
          ...(at === undefined ? {} : { occurredAt: new Date(at).toISOString() }),
          ...(traceparentOf(span) ? { traceparent: traceparentOf(span) } : {}),
        });
      }
    });
    return ended(span, done).then(() => ({ instances: byInstance.size, ignored }));
  };

  return { observed, sent };
}

/** The held instance a path belongs to; an instance of a followed object the device listed is taken in (bounded). */
function instanceFor(r: Registration, path: string): FollowedInstance | undefined {
  const ref = instanceOf(path);
  if (!ref) return undefined;
  const held = r.instances.find((i) => i.path === ref.path);
  if (held) return held;
  if (!r.objects.includes(ref.spec.object) || r.instances.length >= MAX_FOLLOWED_INSTANCES) return undefined;
  const instance: FollowedInstance = { path: ref.path, spec: ref.spec, values: {}, pkg: {} };
  r.instances.push(instance);
  return instance;
}

/**
 * One SERVER span per report, from its arrival to its answer. LwM2M devices send no trace context, so each report
 * starts a trace.
 */
function reportSpan(r: Registration, name: string, attributes: Record<string, string | number>): Span {
  return startSpan(name, SpanKind.SERVER, undefined, {
    [ATTR_NETWORK_TRANSPORT]: 'udp',
    [ATTR_NETWORK_PEER_ADDRESS]: r.address,
    [ATTR_NETWORK_PEER_PORT]: r.port,
    'lwm2m.endpoint': r.endpoint,
    ...attributes,
  });
}

function ended<T>(span: Span, work: Promise<T>): Promise<T> {
  return work.then(
    (value) => {
      endSpan(span);
      return value;
    },
    (error: unknown) => {
      endSpan(span, error);
      throw error;
    },
  );
}
