import type { AddressInfo } from 'node:net';
import type { OutgoingRecord, RecordPublisher } from '@rosetta/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebhookApp } from './app.ts';
import { credentialStore } from './credentials.ts';

// Hostile and malformed requests over a real socket: each gets a 4xx with a documented code, never a 5xx, and
// nothing of a refused request reaches the publisher.
const published: OutgoingRecord[][] = [];
const publisher: RecordPublisher = {
  publish: async (records) => void published.push([...records]),
  close: async () => undefined,
};
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildWebhookApp({
    publisher,
    bodyLimit: 2 * 1024 * 1024,
    credentials: credentialStore({ acme: { tokens: ['acme-token'] } }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const auth = { authorization: 'Bearer acme-token' };
const knox = (change: Record<string, unknown> = {}) =>
  JSON.stringify({ imei: '356938035643809', agentError: { code: -2402 }, ...change });

const cases: [
  name: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  status: number,
  code: RegExp,
][] = [
  [
    'JSON nested 100,000 deep',
    '/webhooks/knox-efota',
    '['.repeat(100_000),
    { 'content-type': 'application/json' },
    400,
    /BAD_BODY/,
  ],
  ['the JSON body 5', '/webhooks/knox-efota', '5', { 'content-type': 'application/json' }, 400, /./],
  ['the JSON body null', '/webhooks/knox-efota', 'null', { 'content-type': 'application/json' }, 400, /./],
  ['an empty body without a content type', '/webhooks/knox-efota', undefined, {}, 400, /./],
  ['an empty JSON body', '/webhooks/knox-efota', '', { 'content-type': 'application/json' }, 400, /./],
  [
    'a __proto__ key',
    '/webhooks/knox-efota',
    '{"__proto__":{"x":1},"imei":"356938035643809","agentError":{"code":1}}',
    { 'content-type': 'application/json' },
    400,
    /BAD_BODY/,
  ],
  [
    'a code of 129 characters',
    '/webhooks/knox-efota',
    knox({ agentError: { code: '9'.repeat(129) } }),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'a 1 MB code',
    '/webhooks/knox-efota',
    knox({ agentError: { code: '9'.repeat(1_000_000) } }),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'a device id of 257 characters',
    '/webhooks/knox-efota',
    knox({ imei: undefined, deviceId: 'd'.repeat(257) }),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'an impossible date',
    '/webhooks/knox-efota',
    knox({ agentError: { code: 1, date: '2026-02-30T25:00:00Z' } }),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'SyncML as a JSON string',
    '/webhooks/knox-efota',
    JSON.stringify('<SyncML/>'),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'a Pelion event type of 1 MB',
    '/webhooks/pelion-update',
    JSON.stringify({ id: 'e1', device_id: 'd1', event_type: `${'9'.repeat(1_000_000)}x` }),
    { 'content-type': 'application/json' },
    400,
    /./,
  ],
  [
    'EAS XML nested 2,000 deep',
    '/webhooks/eas-provision?deviceId=D1',
    `<Provision>${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</Provision>`,
    { 'content-type': 'application/xml' },
    400,
    /BAD_BODY/,
  ],
  [
    'EAS XML with an undefined entity',
    '/webhooks/eas-provision?deviceId=D1',
    '<Provision><Status>&bogus;</Status></Provision>',
    { 'content-type': 'application/xml' },
    400,
    /BAD_BODY/,
  ],
  [
    'EAS XML with an element after the root',
    '/webhooks/eas-provision?deviceId=D1',
    '<Provision><Status>1</Status></Provision><Provision/>',
    { 'content-type': 'application/xml' },
    400,
    /BAD_BODY/,
  ],
  [
    'EAS XML with a ?deviceId= of 300 characters',
    `/webhooks/eas-provision?deviceId=${'d'.repeat(300)}`,
    '<Provision><Status>1</Status></Provision>',
    { 'content-type': 'application/xml' },
    400,
    /./,
  ],
];

describe('hostile webhook requests', () => {
  it.each(cases)('%s', async (_name, path, body, headers, status, code) => {
    const before = published.length;
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const answer = (await res.json()) as { code?: string; message?: string };
    expect(res.status, answer.message).toBe(status);
    expect(answer.code ?? '').toMatch(code);
    expect(published.length).toBe(before);
  });

  it('accepts a leap second (valid RFC 3339) as the last millisecond of the minute', async () => {
    const res = await fetch(`${base}/webhooks/knox-efota`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: knox({ agentError: { code: -2402, date: '2016-12-31T23:59:60Z' } }),
    });
    expect(res.status).toBe(202);
    const value = String(published.at(-1)?.[0]?.value);
    expect(JSON.parse(value).results[0].occurredAt).toBe('2016-12-31T23:59:59.999Z');
  });
});
