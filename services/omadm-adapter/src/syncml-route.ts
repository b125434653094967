import {
  buildResponse,
  type Challenge,
  type CommandStatus,
  decodeWbxml,
  type Element,
  encodeWbxml,
  parseXml,
  readSyncML,
  SyncMLError,
  type SyncMLLimits,
  type SyncMLMessage,
  toXml,
} from '@rosetta/codecs/syncml';
import { sendError } from '@rosetta/http-ingress';
import {
  contentRecordId,
  IngestInvalidError,
  IngestTooLargeError,
  IngestUnavailableError,
  publishRaw,
} from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { createRawRecord, FIELD_LIMITS, type RawResult } from '@rosetta/raw-record';
import type { Metrics } from '@rosetta/telemetry';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticate, type NonceStore } from './auth.ts';
import { type DeviceCredentialStore, type OmadmConfig, profileFor, tenantOf } from './config.ts';
import { CONTENT_TYPE } from './content-type.ts';
import { refuse } from './errors.ts';
import type { IgnoredAlertTypes } from './ignored-alert-types.ts';
import { devInfo, extractResults, recordGroups } from './results.ts';

export interface SyncmlRouteOptions {
  config: OmadmConfig;
  publisher: RecordPublisher;
  metrics: Metrics;
  nonces: NonceStore;
  credentials: DeviceCredentialStore;
  ignored: IgnoredAlertTypes;
  syncmlLimits?: SyncMLLimits;
}

function deviceOf(message: SyncMLMessage): RawResult['device'] {
  const imei = /^IMEI:(\d{14,16})$/i.exec(message.source)?.[1];
  return { id: message.source, ...(imei ? { imei } : {}), ...devInfo(message) };
}

function replySyncML(reply: FastifyReply, wbxml: boolean, tree: Element) {
  return reply
    .code(200)
    .header('content-type', wbxml ? CONTENT_TYPE.wbxml : CONTENT_TYPE.xml)
    .send(wbxml ? encodeWbxml(tree) : `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(tree)}`);
}

/** POST /omadm[/<tenant>]: a device's SyncML DM message, its results written to Kafka, then the DM server's answer. */
export async function syncmlRoute(app: FastifyInstance, options: SyncmlRouteOptions): Promise<void> {
  const { config, publisher, metrics, nonces, credentials, ignored } = options;
  const syncml = async (
    tenantName: string,
    body: Buffer,
    wbxml: boolean,
    traceparent: string | undefined,
    reply: FastifyReply,
  ) => {
    let message: SyncMLMessage;
    try {
      const limits = options.syncmlLimits;
      message = readSyncML(wbxml ? decodeWbxml(body, limits) : parseXml(body.toString('utf8'), limits));
    } catch (error) {
      if (error instanceof SyncMLError) return sendError(reply, 400, error.code, error.message);
      throw error;
    }
    // Before any lookup keyed by it: a device id longer than any real one is refused, not remembered.
    if (message.source.length > FIELD_LIMITS.device)
      return refuse(
        reply,
        'FIELD_TOO_LONG',
        `SyncHdr/Source/LocURI (the device id) is longer than ${FIELD_LIMITS.device} characters`,
      );
    const tenant = tenantOf(config, tenantName);
    const auth = authenticate({
      message,
      tenantName,
      tenant,
      device: credentials.lookup(tenantName, message.source),
      nonces,
    });
    metrics.cacheEntries.set({ cache: 'omadm-nonces' }, nonces.size);
    const answer = (headerStatus: string, statuses: CommandStatus[], challenge?: Challenge) =>
      replySyncML(
        reply,
        wbxml,
        buildResponse({
          request: message,
          serverUri: config.serverUri,
          headerStatus,
          statuses,
          ...(challenge ? { challenge } : {}),
        }),
      );
    if (!auth.ok || !tenant) {
      app.log.warn(
        { tenant: tenantName, device: message.source, reason: auth.ok ? 'unknown tenant' : auth.reason },
        'OMA-DM authentication failed',
      );
      return answer(auth.ok ? '401' : auth.headerStatus, [], auth.ok ? undefined : auth.challenge);
    }
    const accept = async (): Promise<CommandStatus[]> => {
      const device = deviceOf(message);
      const extracted = extractResults(message, device);
      ignored.note(extracted.ignoredTypes);
      if (extracted.reportable) {
        const profile = profileFor(tenant, device.model);
        const records = recordGroups(extracted.groups).map((group) =>
          createRawRecord({
            vocabulary: group.vocabulary,
            tenant: tenantName,
            recordId: contentRecordId(tenantName, message.source, body),
            profile,
            traceparent,
            received: wbxml
              ? { contentType: CONTENT_TYPE.wbxml, encoding: 'base64', body: body.toString('base64') }
              : { contentType: CONTENT_TYPE.xml, encoding: 'utf8', body: body.toString('utf8') },
            results: group.results,
          }),
        );
        for (const r of records)
          metrics.received.inc({ vocabulary: r.vocabulary, tenant: tenantName }, r.results.length);
        await publishRaw(publisher, records).catch((error: unknown) => {
          metrics.producerErrors.inc();
          throw error;
        });
        for (const r of records) {
          const labels = { vocabulary: r.vocabulary, tenant: tenantName };
          metrics.accepted.inc(labels, r.results.length);
          metrics.ackLatency.observe({ vocabulary: r.vocabulary }, reply.elapsedTime / 1000);
          app.log.info(
            { ...labels, device: message.source, recordId: r.recordId, results: r.results.length },
            'results accepted',
          );
        }
      }
      return extracted.statuses;
    };
    try {
      return answer(auth.headerStatus, await accept(), auth.challenge);
    } catch (error) {
      // → HTTP 503: the device must retry, not end its session; 400/413: retrying the same message cannot help.
      if (
        error instanceof IngestUnavailableError ||
        error instanceof IngestTooLargeError ||
        error instanceof IngestInvalidError
      )
        throw error;
      // A server fault: each command gets SyncML Status 500 (command failed), and nothing was accepted.
      app.log.error(
        { tenant: tenantName, device: message.source, error: (error as Error).message },
        'OMA-DM message failed',
      );
      const failed = message.commands
        .filter((c) => c.name !== 'Status')
        .map((c) => ({ cmdRef: c.cmdId, cmd: c.name, data: '500' }));
      return answer(auth.headerStatus, failed, auth.challenge);
    }
  };

  const handle =
    (tenant: string) =>
    async (
      request: {
        headers: Record<string, string | string[] | undefined>;
        body: unknown;
        traceparent: string | undefined;
      },
      reply: FastifyReply,
    ) => {
      const contentType = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      const { traceparent } = request;
      if (!Buffer.isBuffer(request.body) || request.body.length === 0)
        return refuse(
          reply,
          'UNSUPPORTED_MEDIA_TYPE',
          `send SyncML as ${CONTENT_TYPE.xml} or ${CONTENT_TYPE.wbxml}`,
        );
      return syncml(tenant, request.body, contentType === CONTENT_TYPE.wbxml, traceparent, reply);
    };
  app.post('/omadm', (request, reply) => handle(config.defaultTenant)(request, reply));
  app.post<{ Params: { tenant: string } }>('/omadm/:tenant', (request, reply) =>
    handle(request.params.tenant)(request, reply),
  );
}
