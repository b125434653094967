import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublisher } from '@rosetta/kafka';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCliAsync } from '../../packages/cli/src/run-cli.test-helper.ts';
import { startTestNormalizer } from '../support/normalizer.ts';

// A source team's workflow: scaffold a case, run it against a running gateway, see it pass; break the expectation, see it fail.
const brokers = inject('kafkaBrokers');
const tenant = `kit-${randomUUID().slice(0, 8)}`;
const token = randomUUID();
const dir = mkdtempSync(join(tmpdir(), 'rosetta-contract-'));
const stops: (() => Promise<void>)[] = [];
let webhookUrl = '';

beforeAll(async () => {
  const publisher = await createPublisher({ brokers, clientId: 'contract-cli' });
  const app = await buildWebhookApp({
    publisher,
    credentials: credentialStore({ [tenant]: { tokens: [token] } }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  webhookUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const normalizer = await startTestNormalizer(brokers, tenant);
  stops.push(
    () => normalizer.stop(),
    () => app.close(),
    () => publisher.close(),
  );
});
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe('rosetta contract', () => {
  const run = () =>
    runCliAsync(
      [
        'contract',
        'run',
        'knox-efota',
        '--dir',
        dir,
        '--webhook',
        webhookUrl,
        '--token',
        token,
        '--tenant',
        tenant,
      ],
      { KAFKA_BROKERS: brokers.join(',') },
    );

  it('new scaffolds a case that run then proves against the running gateway', async () => {
    const created = await runCliAsync([
      'contract',
      'new',
      'knox-efota',
      'captured-integrity-failure',
      '--dir',
      dir,
    ]);
    expect(created.stdout).toContain('captured-integrity-failure.input.json');
    const input = join(dir, 'knox-efota', 'captured-integrity-failure.input.json');
    writeFileSync(input, readFileSync(input, 'utf8').replace('replace-me', `evt-${randomUUID()}`));
    const result = await run();
    expect(result.stdout, result.stderr).toContain('1/1 cases pass');
    expect(result.status).toBe(0);
  });

  it('run fails, naming the difference, when the expected outcome is wrong', async () => {
    const expected = join(dir, 'knox-efota', 'captured-integrity-failure.outcome.json');
    writeFileSync(
      expected,
      readFileSync(expected, 'utf8').replace('PACKAGE_INTEGRITY_FAILED', 'UPDATE_SUCCEEDED'),
    );
    const result = await run();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'outcomes[0].outcome.code: expected "UPDATE_SUCCEEDED", got "PACKAGE_INTEGRITY_FAILED"',
    );
  });

  it('new refuses to overwrite a case and refuses a vocabulary without HTTP cases', async () => {
    expect(
      (await runCliAsync(['contract', 'new', 'knox-efota', 'captured-integrity-failure', '--dir', dir]))
        .stderr,
    ).toContain('already exists');
    expect((await runCliAsync(['contract', 'new', 'lwm2m-fw', 'x', '--dir', dir])).stderr).toContain(
      'no template for lwm2m-fw',
    );
  });
});
