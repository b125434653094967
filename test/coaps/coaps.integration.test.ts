import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Lwm2mAdapter } from '@rosetta/lwm2m-adapter';
import { createMetrics } from '@rosetta/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PSK, pskEntries, type RunningGateway, startCoapsStack } from '../support/dtls-gateway.ts';

// coaps end to end without a broker: libcoap's coap-client-openssl (a real DTLS client written by no one here)
// speaks DTLS 1.2 PSK to the gateway (Californium Scandium), which hands each session to the adapter with the
// endpoint its credentials are bound to. Registrations publish nothing, so the publisher only has to exist.
const [device, other] = LOCAL_PSK;
const metrics = createMetrics('lwm2m-adapter');
let adapter: Lwm2mAdapter;
let gateway: RunningGateway;

let stop: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  const stack = await startCoapsStack({ psk: pskEntries(LOCAL_PSK) }, { noSec: true, metrics });
  ({ adapter, gateway, stop } = stack);
}, 180_000);
afterAll(() => stop());

/** Runs a libcoap client and returns everything it printed (`-v 6` prints each received PDU as `v:1 t:ACK c:2.01 …`). */
async function libcoap(binary: 'coap-client-openssl' | 'coap-client-notls', args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(binary, ['-v', '6', '-B', '4', ...args], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

const register = (endpoint: string) => [
  '-m',
  'post',
  '-t',
  '40',
  '-e',
  '</1/0>,</3/0>',
  `rd?ep=${endpoint}&lt=300&lwm2m=1.1`,
];

function coaps(credentials: { identity: string; key: string }, args: string[]): Promise<string> {
  const [path, ...rest] = [args[args.length - 1] ?? '', ...args.slice(0, -1)];
  return libcoap('coap-client-openssl', [
    '-u',
    credentials.identity,
    '-k',
    credentials.key,
    ...rest,
    `coaps://127.0.0.1:${gateway.port}/${path}`,
  ]);
}

const refused = (reason: string) =>
  metrics.lwm2mSecurityRefused
    .get()
    .then((m) => m.values.find((v) => v.labels.reason === reason)?.value ?? 0);

async function gatewayCount(name: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = (await gateway.metrics()).get(name) ?? 0;
    if (value > 0 || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('coaps (DTLS 1.2 PSK) through the gateway', () => {
  it('a device registers with its PSK identity and the registration is bound to DTLS', async () => {
    const out = await coaps(device, register(device.endpoint));
    expect(out).toMatch(/c:2\.01/);
    expect(adapter.registrations.byEndpoint(device.endpoint)).toMatchObject({ security: 'dtls' });
    expect(await gatewayCount('rosetta_dtls_handshakes_total{result="ok"}')).toBeGreaterThanOrEqual(1);
  });

  it('valid credentials that claim another endpoint get 4.03 and do not disturb it', async () => {
    const before = adapter.registrations.byEndpoint(device.endpoint)?.id;
    expect(before).toBeDefined();
    const out = await coaps(other, register(device.endpoint));
    expect(out).toMatch(/4\.03/);
    expect(adapter.registrations.byEndpoint(device.endpoint)?.id).toBe(before);
    expect(await refused('endpoint-not-bound')).toBe(1);
  });

  it("another session cannot update or de-register a device's registration", async () => {
    const id = adapter.registrations.byEndpoint(device.endpoint)?.id ?? '';
    expect(await coaps(other, ['-m', 'post', `rd/${id}?lt=600`])).toMatch(/4\.03/);
    expect(await coaps(other, ['-m', 'delete', `rd/${id}`])).toMatch(/4\.03/);
    expect(adapter.registrations.get(id)?.lifetime).toBe(300);
    expect(await refused('foreign-session')).toBe(2);
    // Its own credentials may: a new DTLS session of the same device (as after a reboot) updates the registration.
    expect(await coaps(device, ['-m', 'post', `rd/${id}?lt=600`])).toMatch(/c:2\.04/);
    expect(adapter.registrations.get(id)?.lifetime).toBe(600);
  });

  it('NoSec cannot take over an endpoint registered over DTLS', async () => {
    const id = adapter.registrations.byEndpoint(device.endpoint)?.id;
    const out = await libcoap('coap-client-notls', [
      ...register(device.endpoint).slice(0, -1),
      `coap://127.0.0.1:${adapter.port}/${register(device.endpoint).at(-1)}`,
    ]);
    expect(out).toMatch(/4\.03/);
    expect(adapter.registrations.byEndpoint(device.endpoint)?.id).toBe(id);
    expect(await refused('nosec-takeover')).toBe(1);
  });

  it('a wrong key fails the handshake: nothing reaches the adapter, the failure is counted', async () => {
    const registered = adapter.registrations.size();
    const out = await coaps({ identity: other.identity, key: 'not-the-key' }, register(other.endpoint));
    expect(out).not.toMatch(/c:2\.01/);
    expect(adapter.registrations.byEndpoint(other.endpoint)).toBeUndefined();
    expect(adapter.registrations.size()).toBe(registered);
    expect(await gatewayCount('rosetta_dtls_handshakes_total{result="bad_key"}')).toBeGreaterThanOrEqual(1);
  });

  it('an identity the security file does not list fails the handshake and is counted', async () => {
    const out = await coaps({ identity: 'stranger', key: 'whatever' }, register('urn:dev:stranger'));
    expect(out).not.toMatch(/c:2\.01/);
    expect(adapter.registrations.byEndpoint('urn:dev:stranger')).toBeUndefined();
    expect(
      await gatewayCount('rosetta_dtls_handshakes_total{result="unknown_identity"}'),
    ).toBeGreaterThanOrEqual(1);
  });
});
