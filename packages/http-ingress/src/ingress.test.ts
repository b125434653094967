import { IngestUnavailableError } from '@rosetta/ingest';
import { createMetrics } from '@rosetta/telemetry';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpIngressError } from './errors.ts';
import { setUpHttpIngress } from './ingress.ts';

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

async function appThrowing(error: Error, seen: string[] = []): Promise<FastifyInstance> {
  app = Fastify();
  await setUpHttpIngress(app, {
    metrics: createMetrics('http-ingress-test'),
    internalCode: 'ROSETTA_ERR_TEST_INTERNAL',
    openapi: { title: 'test', description: 'test', securitySchemes: {} },
    onError: (e) => seen.push(e.message),
  });
  app.get('/fail', async () => {
    throw error;
  });
  return app;
}

describe('setUpHttpIngress', () => {
  it('answers a thrown 4xx with its code and message', async () => {
    const seen: string[] = [];
    const res = await (
      await appThrowing(new HttpIngressError(403, 'ROSETTA_ERR_TEST_NO', 'not you'), seen)
    ).inject('/fail');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      statusCode: 403,
      code: 'ROSETTA_ERR_TEST_NO',
      error: 'Forbidden',
      message: 'not you',
    });
    expect(seen).toEqual(['not you']);
  });

  it('answers Kafka unavailable with 503 and Retry-After', async () => {
    const res = await (await appThrowing(new IngestUnavailableError(new Error('broker down')))).inject(
      '/fail',
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.json()).toMatchObject({ code: 'ROSETTA_ERR_INGEST_KAFKA_UNAVAILABLE' });
  });

  it('tells the sender nothing about an unexpected error, nor about a thrown 5xx', async () => {
    for (const error of [new Error('secret detail'), new HttpIngressError(502, 'X', 'upstream detail')]) {
      const res = await (await appThrowing(error)).inject('/fail');
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        statusCode: 500,
        code: 'ROSETTA_ERR_TEST_INTERNAL',
        error: 'Internal Server Error',
        message: 'internal error',
      });
      await app?.close();
    }
  });

  it('serves the telemetry routes and the OpenAPI document', async () => {
    const ingress = await appThrowing(new Error('unused'));
    expect((await ingress.inject('/healthz')).statusCode).toBe(200);
    expect((await ingress.inject('/docs')).json()).toMatchObject({ info: { title: 'test' } });
  });
});
