import { randomUUID } from 'node:crypto';
import {
  type Gateway,
  HTTP_VOCABULARIES,
  loadCases,
  NormalizingPublisher,
  runCase,
} from '@rosetta/contract-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContractGateway } from './gateway.ts';

// Every contract case without a broker: real HTTP → adapter → raw record → normalize() → canonical outcome, checked
// against the case's expected answer and outcomes. contract.test.ts sends a representative subset through Kafka.
const tenant = `contract-${randomUUID().slice(0, 8)}`;
const outcomes = new NormalizingPublisher();
let gateway: Gateway;
let stop: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  ({ gateway, stop } = await startContractGateway(outcomes, tenant));
});
afterAll(() => stop());

for (const vocabulary of HTTP_VOCABULARIES) {
  describe(`contract (in memory): ${vocabulary}`, () => {
    for (const c of loadCases(vocabulary)) {
      it(c.name, async () => {
        const result = await runCase(c, gateway, outcomes, tenant, { quietMs: 0, timeoutMs: 0 });
        expect(result.problems).toEqual([]);
      });
    }
  });
}

it('no accepted record was dead-lettered', () => {
  expect(outcomes.deadLetters).toEqual([]);
});
