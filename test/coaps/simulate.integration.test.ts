import { writeFileSync } from 'node:fs';
import type { Lwm2mAdapter } from '@rosetta/lwm2m-adapter';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliAsync } from '../../packages/cli/src/run-cli.test-helper.ts';
import { LOCAL_PSK, pskEntries, type RunningGateway, startCoapsStack } from '../support/dtls-gateway.ts';

// `rosetta simulate lwm2m` over coaps: simulated devices with node-dtls-client PSK sessions through the DTLS gateway.
const fleet = Array.from({ length: 20 }, (_, i) => ({
  identity: `sim-psk-${i}`,
  key: `sim-key-${i}`,
  endpoint: `urn:dev:sim-${i}`,
}));
let adapter: Lwm2mAdapter;
let gateway: RunningGateway;
let credentialsFile: string;

let stop: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  const stack = await startCoapsStack({ psk: pskEntries([...LOCAL_PSK, ...fleet]) });
  ({ adapter, gateway, stop } = stack);
  credentialsFile = `${stack.dir}/fleet.json`;
  writeFileSync(credentialsFile, JSON.stringify({ psk: pskEntries(fleet) }));
}, 180_000);
afterAll(() => stop());

const simulate = (args: string[]) =>
  runCliAsync([
    'simulate',
    'lwm2m',
    '--server',
    `coaps://127.0.0.1:${gateway.port}`,
    '--seconds',
    '1',
    ...args,
  ]);

it('a fleet from a credentials file registers over coaps, is observed, and notifies', async () => {
  const run = await simulate(['--credentials', credentialsFile, '--rate', '50']);
  expect(run.stderr).toBe('');
  expect(run.status, run.stdout).toBe(0);
  expect(JSON.parse(run.stdout.trim())).toMatchObject({
    devices: 20,
    registered: 20,
    refused: {},
    observed: 20,
  });
  for (const device of fleet)
    expect(adapter.registrations.byEndpoint(device.endpoint)).toMatchObject({ security: 'dtls' });
});

it('one device with --psk and --endpoint (the development credentials)', async () => {
  const [local] = LOCAL_PSK;
  const run = await simulate(['--psk', `${local.identity}:${local.key}`, '--endpoint', local.endpoint]);
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout.trim())).toMatchObject({ devices: 1, registered: 1, observed: 1 });
});

it('a wrong key registers nothing and says so', async () => {
  const run = await simulate(['--psk', 'sim-psk-0:wrong', '--endpoint', 'urn:dev:sim-0']);
  expect(run.status).toBe(1);
  expect(JSON.parse(run.stdout.trim())).toMatchObject({ registered: 0, refused: { 'handshake-failed': 1 } });
});

it('coaps without credentials is refused before anything is sent', async () => {
  const run = await simulate([]);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/coaps:\/\/ needs --psk or --credentials/);
});
