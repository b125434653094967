import type { AddressInfo } from 'node:net';
import type { OutgoingRecord, RecordPublisher } from '@rosetta/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookApp } from './app.ts';
import { credentialStore } from './credentials.ts';
import { sign } from './signature.ts';

// These tests cover HTTP-level refusals over a real socket; a refused request must reach no publisher, so the
// publisher here records calls (and can be told to fail) instead of talking to Kafka. Publishing itself is tested
// against the real broker in test/contract and test/e2e.
const published: OutgoingRecord[][] = [];
let kafkaDown = false;
const publisher: RecordPublisher = {
  publish: async (records) => {
    if (kafkaDown) throw new Error('KafkaJSNumberOfRetriesExceeded: connect ECONNREFUSED');
    published.push([...records]);
  },
  close: async () => undefined,
};
const NOW = new Date('2026-11-21T12:00:00Z');
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildWebhookApp({
    publisher,
    bodyLimit: 4096,
    now: () => NOW,
    credentials: credentialStore({
      acme: { tokens: ['acme-token'], hmacSecrets: ['acme-secret'] },
      eas_only: { tokens: ['eas-token'], vocabularies: ['eas-provision'] },
    }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const knox = { imei: '356938035643809', agentError: { code: '-2402' } };
const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('webhook adapter refusals', () => {
  it('401 without credentials or with a wrong token, and nothing is published', async () => {
    const before = published.length;
    const none = await post('/webhooks/knox-efota', JSON.stringify(knox), {});
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_UNAUTHENTICATED' });
    expect(
      (await post('/webhooks/knox-efota', JSON.stringify(knox), { authorization: 'Bearer nope' })).status,
    ).toBe(401);
    expect(published.length).toBe(before);
  });

  it('accepts a valid HMAC signature once; refuses a bad, old, replayed or re-pointed one', async () => {
    const body = JSON.stringify(knox);
    const t = String(Math.floor(NOW.getTime() / 1000));
    const headers = (url: string, secret: string, timestamp = t, signed = body) => ({
      'x-rosetta-tenant': 'acme',
      'x-rosetta-timestamp': timestamp,
      'x-rosetta-signature': sign(secret, { timestamp, method: 'POST', url, body: signed }),
    });
    const ok = await post('/webhooks/knox-efota', body, headers('/webhooks/knox-efota', 'acme-secret'));
    expect(ok.status).toBe(202);
    const replayed = await post('/webhooks/knox-efota', body, headers('/webhooks/knox-efota', 'acme-secret'));
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_SIGNATURE_REPLAYED' });
    const bad = await post('/webhooks/knox-efota', body, headers('/webhooks/knox-efota', 'other'));
    expect(bad.status).toBe(401);
    const old = await post(
      '/webhooks/knox-efota',
      body,
      headers('/webhooks/knox-efota', 'acme-secret', String(Number(t) - 3600)),
    );
    expect(old.status).toBe(401);
    expect(await old.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_SIGNATURE_EXPIRED' });
    // The query is signed: a captured EAS request cannot be pointed at another device.
    const xml = '<Provision xmlns="Provision"><Status>1</Status></Provision>';
    const send = (url: string, signedFor: Record<string, string>) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        body: xml,
        headers: { ...signedFor, 'content-type': 'application/xml' },
      });
    const signedFor = headers('/webhooks/eas-provision?deviceId=D1', 'acme-secret', t, xml);
    expect((await send('/webhooks/eas-provision?deviceId=D1', signedFor)).status).toBe(202);
    const again = headers('/webhooks/eas-provision?deviceId=D1', 'acme-secret', String(Number(t) + 1), xml);
    const moved = await send('/webhooks/eas-provision?deviceId=D2', again);
    expect(moved.status).toBe(401);
    expect(await moved.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_UNAUTHENTICATED' });
    const legacy = await post('/webhooks/knox-efota', body, {
      'x-rosetta-tenant': 'acme',
      'x-rosetta-signature': `t=${t},v1=${'0'.repeat(64)}`,
    });
    expect(legacy.status).toBe(401);
  });

  it('403 when the tenant may not post this vocabulary', async () => {
    const res = await post('/webhooks/knox-efota', JSON.stringify(knox), {
      authorization: 'Bearer eas-token',
    });
    expect(res.status).toBe(403);
  });

  it('400 naming the field for a schema violation, and for malformed JSON', async () => {
    const res = await post('/webhooks/knox-efota', JSON.stringify({ imei: '356938035643809' }), {
      authorization: 'Bearer acme-token',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/agentError/);
    const broken = await post('/webhooks/knox-efota', '{"imei":', { authorization: 'Bearer acme-token' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_BAD_BODY' });
  });

  it('413 over the size limit, 415 for a wrong content type', async () => {
    const big = JSON.stringify({ ...knox, model: 'x'.repeat(5000) });
    expect((await post('/webhooks/knox-efota', big, { authorization: 'Bearer acme-token' })).status).toBe(
      413,
    );
    const text = await post('/webhooks/knox-efota', 'hello', {
      authorization: 'Bearer acme-token',
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
  });

  it('refuses XML with a DOCTYPE (XXE, billion laughs) without expanding anything', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Provision xmlns="Provision"><Status>&b;</Status></Provision>';
    const res = await post('/webhooks/eas-provision?deviceId=D1', xxe, {
      authorization: 'Bearer acme-token',
      'content-type': 'application/xml',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'ROSETTA_ERR_WEBHOOK_XML_DTD' });
  });

  it('503 with Retry-After when Kafka does not acknowledge; the sender gets no success', async () => {
    kafkaDown = true;
    try {
      const res = await post('/webhooks/knox-efota', JSON.stringify([knox, knox]), {
        authorization: 'Bearer acme-token',
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({ code: 'ROSETTA_ERR_INGEST_KAFKA_UNAVAILABLE' });
    } finally {
      kafkaDown = false;
    }
  });

  it('serves the OpenAPI document with every vendor route', async () => {
    const doc = (await (await fetch(`${base}/docs`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/webhooks/'))
        .sort(),
    ).toEqual(['/webhooks/eas-provision', '/webhooks/knox-efota', '/webhooks/pelion-update']);
  });

  it('counts accepted and refused results per vocabulary and tenant at /metrics, and answers /healthz and /readyz', async () => {
    await post('/webhooks/knox-efota', JSON.stringify([knox, knox]), { authorization: 'Bearer acme-token' });
    await post('/webhooks/knox-efota', '{"imei":', { authorization: 'Bearer acme-token' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /rosetta_results_accepted_total\{vocabulary="knox-efota",tenant="acme",service="webhook-adapter"\} [1-9]\d*/,
    );
    expect(text).toMatch(
      /rosetta_results_refused_total\{vocabulary="knox-efota",reason="ROSETTA_ERR_WEBHOOK_BAD_BODY",service="webhook-adapter"\} [1-9]/,
    );
    expect(text).toMatch(
      /rosetta_ack_latency_seconds_count\{service="webhook-adapter",vocabulary="knox-efota"\} [1-9]/,
    );
    expect(text).toContain('rosetta_build_info{version="1.0.0",service="webhook-adapter"} 1');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
