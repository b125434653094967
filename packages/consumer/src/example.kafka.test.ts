import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { exampleOutcome, toCloudEvent } from '@rosetta/outcome-schema';
import { expect, inject, it } from 'vitest';

const example = exampleOutcome('firmware-integrity-failed');

it('the example service runs against the real broker and prints a fleet summary', async () => {
  const brokers = inject('kafkaBrokers');
  const publisher = await createPublisher({ brokers, clientId: 'example-test' });
  await publisher.publish([
    { topic: OUTCOMES_TOPIC, ...toCloudEvent({ ...example, id: randomUUID() }, new Date().toISOString()) },
  ]);
  await publisher.close();
  const main = fileURLToPath(new URL('../examples/fleet-summary.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, KAFKA_BROKERS: brokers.join(','), GROUP_ID: `example-${randomUUID()}` },
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no summary within 30 s')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      const summary = chunk
        .toString()
        .split('\n')
        .find((l) => l.startsWith('{"devices":') && !l.startsWith('{"devices":0'));
      if (summary) {
        clearTimeout(timer);
        resolve(summary);
      }
    });
  });
  child.kill('SIGINT');
  const summary = JSON.parse(line) as {
    devices: number;
    byCode: Record<string, number>;
    events: { new: number };
  };
  expect(summary.devices).toBeGreaterThanOrEqual(1);
  expect(summary.byCode.PACKAGE_INTEGRITY_FAILED).toBeGreaterThanOrEqual(1);
  expect(summary.events.new).toBeGreaterThanOrEqual(1);
}, 60_000);
