import swagger from '@fastify/swagger';
import { JsonCodecError, parseJson } from '@rosetta/codecs/json';
import type { SyncMLLimits } from '@rosetta/codecs/syncml';
import { IngestUnavailableError } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { createMetrics, type Metrics, type Readiness, telemetryRoutes } from '@rosetta/telemetry';
import { traceHttpRequests } from '@rosetta/tracing';
import Fastify, { type FastifyInstance } from 'fastify';
import { alertsRoute } from './alerts-route.ts';
import { memoryNonceStore, type NonceStore } from './auth.ts';
import { configCredentialStore, type DeviceCredentialStore, type OmadmConfig } from './config.ts';
import { CONTENT_TYPE } from './content-type.ts';
import { ignoredAlertTypes } from './ignored-alert-types.ts';
import { refuse, syncmlRoute } from './syncml-route.ts';

export interface OmadmAppOptions {
  publisher: RecordPublisher;
  metrics?: Metrics;
  ready?: () => Promise<Readiness>;
  config: OmadmConfig;
  nonces?: NonceStore;
  /** Device credentials; by default the devices listed in the config. */
  credentials?: DeviceCredentialStore;
  bodyLimit?: number;
  /** Decoding budgets per message (default DEFAULT_SYNCML_LIMITS). */
  syncmlLimits?: SyncMLLimits;
  logger?: boolean;
}

/** The OMA-DM adapter: SyncML DM in (XML or WBXML), raw record to Kafka, then a DM server's SyncML answer. */
export async function buildOmadmApp(options: OmadmAppOptions): Promise<FastifyInstance> {
  const { config, publisher } = options;
  const metrics = options.metrics ?? createMetrics('omadm-adapter');
  const nonces =
    options.nonces ??
    memoryNonceStore(undefined, () => metrics.cacheEvictions.inc({ cache: 'omadm-nonces' }));
  const credentials = options.credentials ?? configCredentialStore(config);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } },
  });
  const ignored = ignoredAlertTypes(metrics, (type) =>
    app.log.warn(
      { alertType: type.slice(0, 200) },
      'Generic Alert type no routing row knows: recorded raw, no outcome',
    ),
  );
  traceHttpRequests(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Rosetta OMA-DM adapter',
        version: '1.0.0',
        description:
          'POST /omadm[/<tenant>]: SyncML DM 1.2/1.3 (application/vnd.syncml.dm+xml or +wbxml), answered in SyncML. POST /omadm/alerts: already-parsed Generic Alerts as JSON.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.get('/docs', async () => app.swagger());
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    [CONTENT_TYPE.xml, CONTENT_TYPE.wbxml],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as string, { maxDepth: 8, maxLength: 16 * 1024 * 1024 }));
    } catch (error) {
      const message = error instanceof JsonCodecError ? error.message : String(error);
      done(
        Object.assign(new Error(`body is not accepted: ${message}`), {
          statusCode: 400,
          code: 'ROSETTA_ERR_OMADM_BAD_JSON',
        }),
        undefined,
      );
    }
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof IngestUnavailableError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return refuse(reply, 503, error.code, error.message);
    }
    const statusCode = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (statusCode === 500) app.log.error(error);
    return reply.code(statusCode).send({
      statusCode,
      code: error.code ?? 'ROSETTA_ERR_OMADM_INTERNAL',
      error: 'Error',
      message: statusCode === 500 ? 'internal error' : error.message,
    });
  });
  await app.register(telemetryRoutes, {
    metrics,
    ready: options.ready ?? (async () => ({ ok: true, reasons: [] })),
  });

  await app.register(syncmlRoute, {
    config,
    publisher,
    metrics,
    nonces,
    credentials,
    ignored,
    ...(options.syncmlLimits ? { syncmlLimits: options.syncmlLimits } : {}),
  });
  await app.register(alertsRoute, { config, publisher, ignored });
  return app;
}
