import { randomUUID } from 'node:crypto';
import { createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { exampleOutcome, type Outcome, toCloudEvent } from '@rosetta/outcome-schema';
import { expect, inject, it } from 'vitest';
import { FleetView } from './fleet.ts';
import { subscribeOutcomes } from './subscribe.ts';

const example = exampleOutcome('firmware-integrity-failed');

it('subscribes on the real broker: new events, a duplicate skipped, a correction recognised, an invalid record reported', async () => {
  const brokers = inject('kafkaBrokers');
  const tenant = `sub-${randomUUID().slice(0, 8)}`;
  const fleet = new FleetView();
  const kinds: string[] = [];
  const invalid: string[] = [];
  const subscription = await subscribeOutcomes({
    brokers,
    groupId: `g-${tenant}`,
    fromBeginning: true,
    onEvent: (event, kind) => {
      if (event.tenant !== tenant) return;
      kinds.push(`${kind}:${event.outcome.outcome.code}`);
      fleet.apply(event);
    },
    onInvalid: (error) => invalid.push(error),
  });
  const a: Outcome = { ...example, tenant, id: randomUUID() };
  const b: Outcome = { ...example, tenant, id: randomUUID(), device: { id: 'dev-b' } };
  const corrected: Outcome = {
    ...a,
    outcome: { ...a.outcome, code: 'PACKAGE_SIGNATURE_INVALID' },
    mapping: { ...a.mapping, version: '1.1.0' },
  };
  const publisher = await createPublisher({ brokers, clientId: 'sub-test' });
  await publisher.publish([
    { topic: OUTCOMES_TOPIC, ...toCloudEvent(a, '2026-11-21T10:00:00.000Z') },
    { topic: OUTCOMES_TOPIC, ...toCloudEvent(a, '2026-11-21T10:00:00.000Z') },
    { topic: OUTCOMES_TOPIC, ...toCloudEvent(b, '2026-11-21T10:00:00.000Z') },
    { topic: OUTCOMES_TOPIC, ...toCloudEvent(corrected, '2026-11-22T10:00:00.000Z') },
    {
      topic: OUTCOMES_TOPIC,
      key: `${tenant}/x`,
      value: 'not an event',
      headers: { ce_specversion: '1.0', ce_type: 'dev.rosetta.outcome.v1' },
    },
  ]);
  await publisher.close();
  const deadline = Date.now() + 30_000;
  // Other tests' records share the topic (onInvalid names no tenant): wait for this test's invalid record.
  while ((kinds.length < 3 || !invalid.includes('data is not JSON')) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await subscription.stop();
  expect(kinds.sort()).toEqual([
    'correction:PACKAGE_SIGNATURE_INVALID',
    'new:PACKAGE_INTEGRITY_FAILED',
    'new:PACKAGE_INTEGRITY_FAILED',
  ]);
  expect(subscription.counts.duplicate).toBeGreaterThanOrEqual(1);
  expect(invalid).toContain('data is not JSON');
  expect(fleet.summary()).toMatchObject({
    devices: 2,
    byCode: { PACKAGE_SIGNATURE_INVALID: 1, PACKAGE_INTEGRITY_FAILED: 1 },
  });
});
