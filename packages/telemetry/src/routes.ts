import type { Admin } from '@rosetta/kafka';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';

export interface Readiness {
  ok: boolean;
  reasons: string[];
}

export interface TelemetryOptions {
  metrics: Metrics;
  /** Kafka reachable, topics present, and whatever else the service needs before it may accept. */
  ready: () => Promise<Readiness>;
}

/** /healthz (the process answers), /readyz (it can do its job), /metrics (Prometheus text format). */
export async function telemetryRoutes(app: FastifyInstance, options: TelemetryOptions): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await options.ready();
    return reply
      .code(readiness.ok ? 200 : 503)
      .send({ status: readiness.ok ? 'ready' : 'not ready', reasons: readiness.reasons });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics()),
  );
}

/** Kafka answers a metadata call within `timeoutMs` and every topic the service uses exists. */
export async function kafkaReadiness(
  admin: Admin,
  topics: readonly string[],
  timeoutMs = 2000,
): Promise<Readiness> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    const existing = new Set(await Promise.race([admin.listTopics(), timeout]));
    const missing = topics.filter((t) => !existing.has(t));
    return missing.length === 0
      ? { ok: true, reasons: [] }
      : { ok: false, reasons: missing.map((t) => `topic ${t} is missing`) };
  } catch (error) {
    return { ok: false, reasons: [`Kafka unreachable: ${(error as Error).message}`] };
  }
}
