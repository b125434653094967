import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type Gateway, HTTP_VOCABULARIES, loadCases, OutcomeCollector, runCase } from '@rosetta/contract-kit';
import { createKafka, createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { buildOmadmApp } from '@rosetta/omadm-adapter';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNormalizer } from '../support/normalizer.ts';

// Every contract case, end to end: real HTTP → adapter → raw topic on the real broker → normalizer →
// rosetta.outcomes.v1, read back by an independent consumer. `rosetta contract run` runs the same cases against a
// gateway that is already running.
const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'contract' };
const kafka = createKafka(connection);
const tenant = `contract-${randomUUID().slice(0, 8)}`;
const DEVICES = [
  'IMEI:493005100592800',
  'IMEI:356938035643801',
  'IMEI:356938035643802',
  'IMEI:356938035643803',
];
const password = (device: string) => `secret-${device.slice(-4)}`;
const INITIAL_NONCE = Buffer.from('initial-nonce').toString('base64');
const stops: (() => Promise<void>)[] = [];
const url = (app: { server: { address(): unknown } }) =>
  `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
let collector: OutcomeCollector;
let gateway: Gateway;

beforeAll(async () => {
  collector = await OutcomeCollector.start(kafka, OUTCOMES_TOPIC, (key) => key.startsWith(`${tenant}/`));
  stops.push(() => collector.stop());
  const publisher = await createPublisher(connection);
  stops.push(() => publisher.close());
  const token = randomUUID();
  const webhook = await buildWebhookApp({
    publisher,
    credentials: credentialStore({ [tenant]: { tokens: [token] } }),
  });
  await webhook.listen({ port: 0, host: '127.0.0.1' });
  stops.push(() => webhook.close());
  const omadm = await buildOmadmApp({
    publisher,
    config: {
      serverUri: 'https://rosetta.example/omadm',
      defaultTenant: tenant,
      tenants: {
        [tenant]: {
          allowBasic: true,
          profiles: { byModelPrefix: { 'OPX-': 'operator-fumo-403-deferred' } },
          devices: Object.fromEntries(
            DEVICES.map((d) => [d, { username: d, password: password(d), nonce: INITIAL_NONCE }]),
          ),
        },
      },
    },
  });
  await omadm.listen({ port: 0, host: '127.0.0.1' });
  stops.push(() => omadm.close());
  const normalizer = await startTestNormalizer(brokers, tenant);
  stops.push(() => normalizer.stop());
  gateway = {
    webhook: url(webhook),
    omadm: url(omadm),
    token,
    tenant,
    password,
    nonces: new Map(DEVICES.map((d) => [d, INITIAL_NONCE])),
  };
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

for (const vocabulary of HTTP_VOCABULARIES) {
  describe(`contract: ${vocabulary}`, () => {
    for (const c of loadCases(vocabulary)) {
      it(c.name, async () => {
        const result = await runCase(c, gateway, collector, tenant);
        expect(result.problems).toEqual([]);
      });
    }
  });
}
