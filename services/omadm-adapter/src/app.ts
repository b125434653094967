import type { SyncMLLimits } from '@rosetta/codecs/syncml';
import { parseJsonBody, setUpHttpIngress } from '@rosetta/http-ingress';
import type { RecordPublisher } from '@rosetta/kafka';
import { createMetrics, type Metrics, type Readiness } from '@rosetta/telemetry';
import Fastify, { type FastifyInstance } from 'fastify';
import { alertsRoute } from './alerts-route.ts';
import { memoryNonceStore, type NonceStore } from './auth.ts';
import { configCredentialStore, type DeviceCredentialStore, type OmadmConfig } from './config.ts';
import { CONTENT_TYPE } from './content-type.ts';
import { OMADM_ERRORS } from './errors.ts';
import { ignoredAlertTypes } from './ignored-alert-types.ts';
import { syncmlRoute } from './syncml-route.ts';

// Generic Alerts as JSON: a body, a list of alerts, each a flat object.
const JSON_MAX_DEPTH = 8;

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
  await setUpHttpIngress(app, {
    metrics,
    ...(options.ready ? { ready: options.ready } : {}),
    internalCode: OMADM_ERRORS.INTERNAL.code,
    openapi: {
      title: 'Rosetta OMA-DM adapter',
      description:
        'POST /omadm[/<tenant>]: SyncML DM 1.2/1.3 (application/vnd.syncml.dm+xml or +wbxml), answered in SyncML. POST /omadm/alerts: already-parsed Generic Alerts as JSON.',
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    [CONTENT_TYPE.xml, CONTENT_TYPE.wbxml],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string, JSON_MAX_DEPTH, OMADM_ERRORS.BAD_JSON.code));
    } catch (error) {
      done(error as Error, undefined);
    }
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
