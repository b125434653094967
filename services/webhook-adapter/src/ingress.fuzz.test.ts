import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWebhookApp, VENDORS } from './app.ts';
import { credentialStore } from './credentials.ts';

// Property: whatever body reaches a vendor route, the answer is a documented 2xx/4xx, never a 5xx.
const app = await buildWebhookApp({
  publisher: { publish: async () => undefined, close: async () => undefined },
  credentials: credentialStore({ acme: { tokens: ['t'] } }),
});
const ANSWERS = [202, 400, 413, 415];
const send = async (url: string, payload: string, contentType: string) =>
  (
    await app.inject({
      method: 'POST',
      url,
      headers: { authorization: 'Bearer t', 'content-type': contentType },
      payload,
    })
  ).statusCode;

describe('webhook routes under fuzzing', () => {
  it('any JSON value to any route gets 202 or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VENDORS.map((v) => v.path)),
        fc.jsonValue({ maxDepth: 5 }),
        async (path, value) => {
          expect(ANSWERS).toContain(await send(path, JSON.stringify(value), 'application/json'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('event-shaped JSON with random field values gets 202 or a 4xx', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
      fc.string({ maxLength: 300 }),
    );
    const knox = fc.record(
      { imei: value, deviceId: value, agentError: fc.record({ code: value, date: value }) },
      { requiredKeys: [] },
    );
    const pelion = fc.record(
      { id: value, device_id: value, event_type: value, date_time: value, object: value },
      { requiredKeys: [] },
    );
    const eas = fc.record(
      { deviceId: value, time: value, provisionStatus: value, wipeStatus: value },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          knox.map((b) => ['/webhooks/knox-efota', b] as const),
          pelion.map((b) => ['/webhooks/pelion-update', b] as const),
          eas.map((b) => ['/webhooks/eas-provision', b] as const),
        ),
        async ([path, body]) => {
          expect(ANSWERS).toContain(await send(path, JSON.stringify(body), 'application/json'));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('any text as JSON or XML gets a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300, unit: 'binary' }),
        fc.constantFrom('application/json', 'application/xml'),
        async (text, type) => {
          expect(ANSWERS).toContain(await send('/webhooks/eas-provision?deviceId=D1', text, type));
        },
      ),
      { numRuns: 400 },
    );
  });
});
