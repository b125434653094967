import { CONTENT_FORMAT, decodeContent, type Lwm2mResources } from '@rosetta/codecs/lwm2m';
import type { RawRecord, RawResult } from '@rosetta/raw-record';
import type { Metrics } from '@rosetta/telemetry';
import {
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_TRANSPORT,
  endSpan,
  SpanKind,
  startSpan,
  traceparentOf,
} from '@rosetta/tracing';
import type { CoapReply } from './coap-exchange.ts';
import { firmwareChanges } from './firmware-events.ts';
import { isFresher, serially } from './observe-order.ts';
import type { Registration } from './registry.ts';

export interface FirmwareReportsOptions {
  metrics: Metrics;
  log: (line: Record<string, unknown>) => void;
  stats: { notifications: number };
  /** Writes the record (acks=all); rejects when Kafka did not take it. */
  publish: (record: RawRecord) => Promise<void>;
  record: (
    r: Registration,
    parts: string[],
    received: RawRecord['received'],
    results: RawResult[],
  ) => RawRecord;
  deviceOf: (r: Registration) => RawResult['device'];
}

export type FirmwareReport = Omit<CoapReply, 'token' | 'code'>;

/**
 * What the adapter does with each Object 5 value a device reports: decode, check the types, compare with what was
 * last written, publish the changes. Returns the handler for one report; it resolves once the report is done with
 * (a confirmable notification is acknowledged then) and rejects when its record could not be written.
 */
export function firmwareReports(options: FirmwareReportsOptions) {
  const { metrics, log, stats, publish, record, deviceOf } = options;
  let sequence = 0;
  /** State and Update Result are Integer enumerations (Object 5): anything else is no result, counted and logged. */
  const enumeration = (r: Registration, values: Lwm2mResources, key: string): number | undefined => {
    const value = values.get(key);
    if (value === undefined) return undefined;
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

  const firmwareValues = async (
    r: Registration,
    path: string,
    format: number | undefined,
    payload: Buffer,
    traceparent: string | undefined,
  ) => {
    let values: Lwm2mResources;
    try {
      values = decodeContent(format, payload, path);
    } catch (error) {
      metrics.lwm2mDropped.inc({ reason: 'undecodable' });
      log({
        level: 'warn',
        msg: 'undecodable notification',
        device: r.endpoint,
        path,
        format,
        error: (error as Error).message,
      });
      return;
    }
    stats.notifications += 1;
    metrics.notifications.inc();
    metrics.received.inc({ vocabulary: 'lwm2m-fw', tenant: r.tenant });
    // The remembered state moves only once the change is in Kafka: a retransmission after a failed write is a change again.
    const name = values.get('/5/0/6');
    const version = values.get('/5/0/7');
    if (typeof name === 'string' && name) r.pkg.name = name;
    if (typeof version === 'string' && version) r.pkg.version = version;
    const next = {
      state: enumeration(r, values, '/5/0/3') ?? r.state,
      result: enumeration(r, values, '/5/0/5') ?? r.result,
    };
    const results = firmwareChanges({ state: r.state, result: r.result }, next, deviceOf(r), r.pkg);
    if (results.length > 0) {
      sequence += 1;
      const received = {
        contentType: String(format ?? CONTENT_FORMAT.TLV),
        encoding: 'base64' as const,
        body: payload.toString('base64'),
        peer: `${r.address}:${r.port}`,
      };
      const raw = record(r, [path, String(sequence), payload.toString('hex')], received, results);
      await publish(traceparent ? { ...raw, traceparent } : raw);
    }
    r.state = next.state;
    r.result = next.result;
  };

  /**
   * Every value a device reports — notification, first observe response, re-read — goes through its queue, so one
   * device's values are compared and written strictly one after another. Notifications older than one already
   * processed (RFC 7641 §3.4) are dropped and counted; resolving acknowledges them, so they are not sent again.
   */
  return (r: Registration, path: string, reply: FirmwareReport) => {
    // One SERVER span per report, from its arrival to its answer (a confirmable notification is acknowledged when
    // this resolves). LwM2M devices send no trace context, so each report starts a trace.
    const span = startSpan(`LwM2M report ${path}`, SpanKind.SERVER, undefined, {
      [ATTR_NETWORK_TRANSPORT]: 'udp',
      [ATTR_NETWORK_PEER_ADDRESS]: r.address,
      [ATTR_NETWORK_PEER_PORT]: r.port,
      'lwm2m.endpoint': r.endpoint,
      'lwm2m.path': path,
      ...(reply.observe === undefined ? {} : { 'coap.observe': reply.observe }),
      ...(reply.format === undefined ? {} : { 'coap.content_format': reply.format }),
    });
    const handled = serially(r, async () => {
      const mark = reply.observe === undefined ? undefined : { sequence: reply.observe, at: Date.now() };
      if (mark && !isFresher(r.lastObserve, mark)) {
        metrics.lwm2mDropped.inc({ reason: 'stale-observe-sequence' });
        log({ level: 'info', msg: 'stale notification dropped', device: r.endpoint, observe: mark.sequence });
        span.setAttribute('lwm2m.dropped', 'stale-observe-sequence');
        return;
      }
      await firmwareValues(r, path, reply.format, reply.payload, traceparentOf(span));
      if (mark) r.lastObserve = mark;
    });
    return handled.then(
      () => endSpan(span),
      (error: unknown) => {
        endSpan(span, error);
        throw error;
      },
    );
  };
}
