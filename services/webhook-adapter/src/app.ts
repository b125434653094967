import { parseJsonBody, setUpHttpIngress } from '@rosetta/http-ingress';
import { expectedOutcomeIds, IngestUnavailableError, publishRaw } from '@rosetta/ingest';
import type { RecordPublisher } from '@rosetta/kafka';
import { createMetrics, type Metrics, type Readiness } from '@rosetta/telemetry';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { authenticate, type CredentialStore } from './credentials.ts';
import { WEBHOOK_ERRORS, WebhookError } from './errors.ts';
import { type ReplayGuard, replayGuard } from './signature.ts';
import type { RequestContext, Vendor } from './vendor.ts';
import { easProvision } from './vendors/eas-provision.ts';
import { knoxEfota } from './vendors/knox-efota.ts';
import { pelionUpdate } from './vendors/pelion-update.ts';

export const VENDORS: readonly Vendor[] = [knoxEfota, pelionUpdate, easProvision];

export interface WebhookAppOptions {
  publisher: RecordPublisher;
  metrics?: Metrics;
  /** Readiness beyond "the process answers": Kafka reachable and its topics present (see @rosetta/telemetry). */
  ready?: () => Promise<Readiness>;
  credentials: CredentialStore;
  /** Bytes; larger bodies get 413. */
  bodyLimit?: number;
  logger?: boolean;
  now?: () => Date;
  /** Nesting allowed in a JSON body (default 16). */
  jsonMaxDepth?: number;
  /** Signatures already used (per replica); by default a capped in-memory cache. */
  replays?: ReplayGuard;
}

// Webhook bodies are an event or a list of events with a nested object or two.
const JSON_MAX_DEPTH = 16;

declare module 'fastify' {
  interface FastifyRequest {
    rawBody: string;
    tenant: string;
  }
}

const XML_TYPES = ['application/xml', 'text/xml', 'application/vnd.ms-sync+xml'];

function keepRawBody(app: FastifyInstance, maxDepth: number): void {
  app.decorateRequest('rawBody', '');
  app.decorateRequest('tenant', '');
  // Only JSON and XML are accepted; anything else (text/plain included) is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, parseJsonBody(body as string, maxDepth, WEBHOOK_ERRORS.BAD_BODY.code));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser(XML_TYPES, { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    done(null, body);
  });
}

function context(request: FastifyRequest, now: Date): RequestContext {
  const { traceparent } = request;
  return {
    tenant: request.tenant,
    receivedAt: now.toISOString(),
    contentType: request.headers['content-type'] ?? 'application/octet-stream',
    body: request.rawBody,
    query: request.query as Record<string, string | undefined>,
    peer: request.ip,
    ...(traceparent ? { traceparent } : {}),
  };
}

/** The webhook adapter: one route per vendor, authenticated, validated, written to Kafka before it answers 202. */
export async function buildWebhookApp(options: WebhookAppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, allowUnionTypes: true },
    },
  });
  keepRawBody(app, options.jsonMaxDepth ?? JSON_MAX_DEPTH);
  const metrics = options.metrics ?? createMetrics('webhook-adapter');
  const replays =
    options.replays ??
    replayGuard(undefined, () => metrics.cacheEvictions.inc({ cache: 'webhook-signatures' }));
  await setUpHttpIngress(app, {
    metrics,
    ...(options.ready ? { ready: options.ready } : {}),
    internalCode: 'ROSETTA_ERR_WEBHOOK_INTERNAL',
    openapi: {
      title: 'Rosetta webhook adapter',
      description: 'Knox E-FOTA, Pelion/Izuma and Exchange ActiveSync results in; 202 once Kafka has them.',
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        signature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Rosetta-Signature',
          description:
            'v2=<hex HMAC-SHA256 of "v2\\n<X-Rosetta-Timestamp>\\n<METHOD>\\n<path?query>\\n<body>">, with X-Rosetta-Tenant and X-Rosetta-Timestamp (unix seconds, ±300 s); each signature is accepted once',
        },
      },
      security: [{ bearer: [] }, { signature: [] }],
    },
    onError: (error, request) => {
      const { vocabulary = 'unknown' } = request.routeOptions.config as { vocabulary?: string };
      metrics.refused.inc({ vocabulary, reason: error.code ?? String(error.statusCode ?? 500) });
      if (error instanceof IngestUnavailableError) metrics.producerErrors.inc();
    },
  });

  for (const vendor of VENDORS) {
    const body = vendor.acceptsXml
      ? { oneOf: [{ type: 'string', description: 'MS-ASPROV Provision XML' }, vendor.jsonSchema] }
      : vendor.jsonSchema;
    app.post(vendor.path, {
      config: { vocabulary: vendor.vocabulary },
      schema: {
        summary: vendor.summary,
        body: { ...body, examples: vendor.examples },
        response: {
          202: {
            type: 'object',
            properties: { accepted: { type: 'integer' }, ids: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
      preValidation: async (request) => {
        const tenant = authenticate(options.credentials, {
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          ...(typeof request.headers['x-rosetta-tenant'] === 'string'
            ? { tenantHeader: request.headers['x-rosetta-tenant'] }
            : {}),
          ...(typeof request.headers['x-rosetta-signature'] === 'string'
            ? { signature: request.headers['x-rosetta-signature'] }
            : {}),
          ...(typeof request.headers['x-rosetta-timestamp'] === 'string'
            ? { timestamp: request.headers['x-rosetta-timestamp'] }
            : {}),
          method: request.method,
          url: request.url,
          body: request.rawBody,
          nowSeconds: Math.floor(now().getTime() / 1000),
          replays,
        });
        metrics.cacheEntries.set({ cache: 'webhook-signatures' }, replays.size);
        const allowed = options.credentials.tenant(tenant)?.vocabularies;
        if (allowed && !allowed.includes(vendor.vocabulary)) {
          throw new WebhookError(
            'FORBIDDEN_VOCABULARY',
            `tenant ${tenant} may not post ${vendor.vocabulary}`,
          );
        }
        request.tenant = tenant;
      },
      handler: async (request, reply) => {
        const records = vendor.toRecords(request.body, context(request, now()));
        const labels = { vocabulary: vendor.vocabulary, tenant: request.tenant };
        const results = records.reduce((n, r) => n + r.results.length, 0);
        metrics.received.inc(labels, results);
        await publishRaw(options.publisher, records);
        const ids = records.flatMap(expectedOutcomeIds);
        metrics.accepted.inc(labels, results);
        metrics.ackLatency.observe({ vocabulary: vendor.vocabulary }, reply.elapsedTime / 1000);
        request.log.info(
          { ...labels, devices: records.map((r) => r.results[0]?.device.id), ids },
          'results accepted',
        );
        return reply.code(202).send({ accepted: ids.length, ids });
      },
    });
  }
  return app;
}
