import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createKafka, createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { startNormalizer } from '@rosetta/normalizer';
import type { Outcome } from '@rosetta/outcome-schema';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ContractCase, loadCases } from '../support/contract-cases.ts';
import { OutcomeCollector } from '../support/outcome-collector.ts';

// Contract cases for the webhook vocabularies, end to end: real HTTP → webhook adapter → raw topic (real broker)
// → normalizer → rosetta.outcomes.v1, read back by an independent consumer.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'contract-webhook' });
const tenant = `contract-${randomUUID().slice(0, 8)}`;
const token = randomUUID();
const stops: (() => Promise<void>)[] = [];
let base = '';
let collector: OutcomeCollector;

beforeAll(async () => {
  collector = await OutcomeCollector.start(kafka, OUTCOMES_TOPIC, (key) => key.startsWith(`${tenant}/`));
  stops.push(() => collector.stop());
  const publisher = await createPublisher(kafka);
  const app = await buildWebhookApp({
    publisher,
    credentials: credentialStore({ [tenant]: { tokens: [token] } }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  stops.push(async () => {
    await app.close();
    await publisher.close();
  });
  const normalizer = await startNormalizer({
    brokers,
    groupId: `g-${tenant}`,
    instanceId: tenant,
    log: () => undefined,
  });
  stops.push(() => normalizer.stop());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function send(c: ContractCase): Promise<Response> {
  const query = new URLSearchParams(c.request.query ?? {}).toString();
  const auth = c.request.auth ?? 'bearer';
  const headers: Record<string, string> = {
    'content-type': c.inputKind === 'xml' ? 'application/xml' : 'application/json',
  };
  if (auth === 'bearer') headers.authorization = `Bearer ${token}`;
  if (auth === 'wrong') headers.authorization = 'Bearer not-a-token';
  return fetch(`${base}/webhooks/${c.vocabulary}${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers,
    body: c.input,
  });
}

for (const vocabulary of ['knox-efota', 'pelion-update', 'eas-provision']) {
  describe(`contract: ${vocabulary}`, () => {
    for (const c of loadCases(vocabulary)) {
      it(c.name, async () => {
        const answers: { status: number; body: { ids?: string[] } }[] = [];
        for (let i = 0; i < (c.request.repeat ?? 1); i++) {
          const response = await send(c);
          answers.push({ status: response.status, body: (await response.json()) as { ids?: string[] } });
        }
        const [answer] = answers;
        expect(answer?.status).toBe(c.answer.status);
        if (c.answer.body) expect(answer?.body).toMatchObject(c.answer.body);
        // A re-sent event gets the same canonical ids.
        for (const again of answers.slice(1)) expect(again.body.ids).toEqual(answer?.body.ids);
        const ids = answer?.body.ids ?? [];
        expect(ids).toHaveLength(c.outcomes.length);
        const outcomes: Outcome[] = await collector.waitFor(ids, 30_000);
        expect(outcomes).toMatchObject(c.outcomes.map((expected) => ({ tenant, ...expected })));
      });
    }
  });
}
