import { lifecyclePages } from '@rosetta/explorer';
import { bearerToken, HttpIngressError, matchingSecret, setUpHttpIngress } from '@rosetta/http-ingress';
import { VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';
import { createMetrics, type Metrics, type Readiness } from '@rosetta/telemetry';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DriftTracker } from './drift.ts';
import { deviceLine, MAX_LISTED, type UpdatesView } from './updates-view.ts';

export const LIFECYCLE_ERRORS = {
  NOT_FOUND: { code: 'ROSETTA_ERR_LIFECYCLE_NOT_FOUND', statusCode: 404 },
  UNAUTHORIZED: { code: 'ROSETTA_ERR_LIFECYCLE_UNAUTHORIZED', statusCode: 401 },
  INTERNAL: { code: 'ROSETTA_ERR_LIFECYCLE_INTERNAL', statusCode: 500 },
} as const;

const STATUSES = ['pending', 'in_progress', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
const name = { type: 'string', minLength: 1, maxLength: 256 } as const;

export interface LifecycleApiOptions {
  view: UpdatesView;
  drift: DriftTracker;
  /** When set, every /v1 request needs `Authorization: Bearer <token>` (LIFECYCLE_API_TOKEN). */
  token?: string;
  now?: () => number;
  metrics?: Metrics;
  ready?: () => Promise<Readiness>;
  logger?: boolean;
}

/** GET /v1/updates/{tenant}/{device}, /v1/campaigns/{tenant}/{id}(/devices?status=), from the materialized view. */
export async function buildLifecycleApi(options: LifecycleApiOptions): Promise<FastifyInstance> {
  const { view } = options;
  const now = options.now ?? Date.now;
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 256 } });
  await setUpHttpIngress(app, {
    metrics: options.metrics ?? createMetrics('lifecycle'),
    ...(options.ready ? { ready: options.ready } : {}),
    internalCode: LIFECYCLE_ERRORS.INTERNAL.code,
    openapi: {
      title: 'Rosetta lifecycle',
      description:
        'Where each device update stands (one state per update, from rosetta.updates.v1) and campaign results.',
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      ...(options.token ? { security: [{ bearer: [] }] } : {}),
    },
  });
  const { token } = options;
  if (token)
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/v1/')) return;
      const given = bearerToken(request.headers.authorization);
      if (given === undefined || matchingSecret([token], given) !== 0)
        throw new HttpIngressError(
          401,
          LIFECYCLE_ERRORS.UNAUTHORIZED.code,
          'a valid bearer token is required',
        );
    });
  // The campaign and drift pages (same origin as the API they draw from).
  await app.register(lifecyclePages);
  const notFound = (what: string) => new HttpIngressError(404, LIFECYCLE_ERRORS.NOT_FOUND.code, `no ${what}`);

  app.get<{ Params: { tenant: string; device: string } }>(
    '/v1/updates/:tenant/:device',
    {
      schema: {
        summary: "A device's updates, current state of each",
        params: {
          type: 'object',
          properties: { tenant: name, device: name },
          required: ['tenant', 'device'],
        },
      },
    },
    async ({ params }) => {
      const updates = view.device(params.tenant, params.device);
      if (updates.length === 0) throw notFound(`update of device ${params.device}`);
      return { tenant: params.tenant, device: params.device, updates };
    },
  );

  app.get<{ Params: { tenant: string; id: string } }>(
    '/v1/campaigns/:tenant/:id',
    {
      schema: {
        summary:
          'A campaign (or job): devices by status and canonical code, success ratio, stuck and failed devices',
        params: { type: 'object', properties: { tenant: name, id: name }, required: ['tenant', 'id'] },
      },
    },
    async ({ params }) => {
      const summary = view.campaign(params.tenant, params.id, now());
      if (!summary) throw notFound(`campaign ${params.id}`);
      return summary;
    },
  );

  app.get<{ Params: { tenant: string; id: string }; Querystring: { status?: (typeof STATUSES)[number] } }>(
    '/v1/campaigns/:tenant/:id/devices',
    {
      schema: {
        summary: `A campaign's devices (at most ${MAX_LISTED}), optionally of one status`,
        params: { type: 'object', properties: { tenant: name, id: name }, required: ['tenant', 'id'] },
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: [...STATUSES] } },
        },
      },
    },
    async ({ params, query }) => {
      const states = view.campaignStates(params.tenant, params.id);
      if (states.length === 0) throw notFound(`campaign ${params.id}`);
      const matching = states.filter((s) => query.status === undefined || s.status === query.status);
      return {
        tenant: params.tenant,
        id: params.id,
        total: matching.length,
        devices: matching.slice(0, MAX_LISTED).map(deviceLine),
      };
    },
  );
  const vocabulary = { type: 'string', enum: [...VOCABULARIES] } as const;
  app.get<{ Querystring: { vocabulary?: Vocabulary; tenant?: string } }>(
    '/v1/drift',
    {
      schema: {
        summary:
          'Mapping drift over the sliding window: per tenant and vocabulary, the share of outcomes that hit no table row (unmapped) or a broader one, per minute',
        querystring: { type: 'object', properties: { vocabulary, tenant: name } },
      },
    },
    async ({ query }) => ({
      windowSeconds: options.drift.windowSeconds,
      series: options.drift.snapshot(now(), query),
    }),
  );

  app.get<{ Querystring: { vocabulary?: Vocabulary; limit?: number } }>(
    '/v1/drift/unmapped',
    {
      schema: {
        summary:
          'Unmapped codes seen in the wild, most frequent first, with first and last seen, tenants, and a draft table row each',
        querystring: {
          type: 'object',
          properties: { vocabulary, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        },
      },
    },
    async ({ query }) => ({ codes: options.drift.unmapped(query.vocabulary, query.limit) }),
  );
  return app;
}
