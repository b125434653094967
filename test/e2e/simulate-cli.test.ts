import { randomUUID } from 'node:crypto';
import { createKafka, createPublisher, rawTopic } from '@rosetta/kafka';
import { startLwm2mAdapter } from '@rosetta/lwm2m-adapter';
import { afterAll, expect, inject, it } from 'vitest';
import { runCliAsync } from '../../packages/cli/src/run-cli.test-helper.ts';
import { readUntil } from '../support/read-until.ts';

// `rosetta simulate lwm2m` against a running adapter that writes to the real broker: the simulated devices register,
// are observed, and their State changes arrive on the raw topic.
const connection = { brokers: inject('kafkaBrokers'), clientId: 'simulate-cli' };
const kafka = createKafka(connection);
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

it('registers N devices, gets them observed, and their notifications reach Kafka; refused ones are counted', async () => {
  const tenant = `sim-${randomUUID().slice(0, 8)}`;
  const publisher = await createPublisher(connection);
  stops.push(() => publisher.close());
  const adapter = await startLwm2mAdapter({
    publisher,
    port: 0,
    host: '127.0.0.1',
    config: { tenants: { [tenant]: { endpoints: [`${tenant}-*`] } } },
    log: () => undefined,
  });
  stops.push(() => adapter.close());
  const server = `coap://127.0.0.1:${adapter.port}`;

  const run = await runCliAsync([
    'simulate',
    'lwm2m',
    '--server',
    server,
    '--devices',
    '30',
    '--prefix',
    `${tenant}-`,
    '--rate',
    '100',
    '--seconds',
    '1',
  ]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const summary = JSON.parse(run.stdout.trim()) as {
    registered: number;
    observed: number;
    notificationsSent: number;
  };
  expect(summary).toMatchObject({ devices: 30, registered: 30, refused: {}, observed: 30 });
  expect(summary.notificationsSent).toBeGreaterThanOrEqual(50);
  // 30 first States (Idle) plus the State changes, keyed tenant/device.
  const records = await readUntil(
    kafka,
    rawTopic('lwm2m-fw'),
    (m) => m.key?.toString().startsWith(`${tenant}/`) ?? false,
    30 + summary.notificationsSent,
    30_000,
  );
  expect(records.length).toBeGreaterThanOrEqual(30 + Math.floor(summary.notificationsSent * 0.9));

  const refused = await runCliAsync([
    'simulate',
    'lwm2m',
    '--server',
    server,
    '--devices',
    '3',
    '--prefix',
    'not-allowed-',
    '--seconds',
    '1',
  ]);
  expect(refused.status).toBe(1);
  expect(JSON.parse(refused.stdout.trim())).toMatchObject({
    registered: 0,
    refused: { '4.03': 3 },
    observed: 0,
  });
});
