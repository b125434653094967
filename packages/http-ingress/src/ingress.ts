import swagger, { type SwaggerOptions } from '@fastify/swagger';
import { IngestUnavailableError } from '@rosetta/ingest';
import { type Metrics, type Readiness, telemetryRoutes } from '@rosetta/telemetry';
import { traceHttpRequests } from '@rosetta/tracing';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';

type OpenApi = NonNullable<Extract<SwaggerOptions, { openapi?: unknown }>['openapi']>;

export interface HttpIngressOptions {
  metrics: Metrics;
  ready?: () => Promise<Readiness>;
  /** The code of a 500: the adapter's `ROSETTA_ERR_<ADAPTER>_INTERNAL`. */
  internalCode: string;
  /** What GET /docs describes. */
  openapi: {
    title: string;
    description: string;
    securitySchemes: NonNullable<NonNullable<OpenApi['components']>['securitySchemes']>;
    security?: OpenApi['security'];
  };
  /** Called for every error answered, before the answer (for a refusal counter). */
  onError?: (error: Error & { statusCode?: number; code?: string }, request: FastifyRequest) => void;
}

/**
 * What every HTTP adapter has in common, registered on the root instance before its routes: one server span per
 * request with the sender's trace context, one error answer for all (a 4xx as thrown; Kafka unavailable is a 503
 * with Retry-After; anything else a logged 500 that tells the sender nothing more), the telemetry routes and
 * GET /docs (OpenAPI).
 */
export async function setUpHttpIngress(app: FastifyInstance, options: HttpIngressOptions): Promise<void> {
  traceHttpRequests(app);
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    options.onError?.(error, request);
    if (error instanceof IngestUnavailableError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(503).send(errorBody(503, error.code, error.message));
    }
    const statusCode =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (statusCode === 500) {
      app.log.error(error);
      return reply.code(500).send(errorBody(500, options.internalCode, 'internal error'));
    }
    return reply
      .code(statusCode)
      .send(errorBody(statusCode, error.code ?? 'ROSETTA_ERR_HTTP', error.message));
  });
  await app.register(swagger, {
    openapi: {
      info: { title: options.openapi.title, version: '1.0.0', description: options.openapi.description },
      components: { securitySchemes: options.openapi.securitySchemes },
      ...(options.openapi.security ? { security: options.openapi.security } : {}),
    },
  });
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  await app.register(telemetryRoutes, {
    metrics: options.metrics,
    ready: options.ready ?? (async () => ({ ok: true, reasons: [] })),
  });
}
