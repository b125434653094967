import { randomUUID } from 'node:crypto';
import {
  type ContractCase,
  type Gateway,
  HTTP_VOCABULARIES,
  loadCases,
  OutcomeCollector,
  runCase,
} from '@rosetta/contract-kit';
import { createKafka, createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNormalizer } from '../support/normalizer.ts';
import { startContractGateway } from './gateway.ts';

// Contract cases end to end: real HTTP → adapter → raw topic on the real broker → normalizer → rosetta.outcomes.v1,
// read back by an independent consumer. `rosetta contract run` runs the same cases against a running gateway.
const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'contract' };
const kafka = createKafka(connection);
const tenant = `contract-${randomUUID().slice(0, 8)}`;
const stops: (() => Promise<void>)[] = [];
let collector: OutcomeCollector;
let gateway: Gateway;

beforeAll(async () => {
  collector = await OutcomeCollector.start(kafka, OUTCOMES_TOPIC, (key) => key.startsWith(`${tenant}/`));
  stops.push(() => collector.stop());
  const publisher = await createPublisher(connection);
  stops.push(() => publisher.close());
  const started = await startContractGateway(publisher, tenant);
  gateway = started.gateway;
  stops.push(started.stop);
  const normalizer = await startTestNormalizer(brokers, tenant);
  stops.push(() => normalizer.stop());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

/**
 * Through Kafka: every case that yields outcomes (what the broker path carries), and the first refused case of each
 * vocabulary (nothing reaches the topic). Every case runs without a broker in contract.integration.test.ts.
 */
const throughKafka = (cases: ContractCase[]): ContractCase[] => {
  const refused = cases.find((c) => c.answer.status >= 400);
  return cases.filter((c) => c.outcomes.length > 0 || c === refused);
};

for (const vocabulary of HTTP_VOCABULARIES) {
  describe(`contract: ${vocabulary}`, () => {
    for (const c of throughKafka(loadCases(vocabulary))) {
      it(c.name, async () => {
        const result = await runCase(c, gateway, collector, tenant);
        expect(result.problems).toEqual([]);
      });
    }
  });
}
