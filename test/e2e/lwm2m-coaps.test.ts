import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutcomeCollector } from '@rosetta/contract-kit';
import { createKafka, createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { type Lwm2mAdapter, startLwm2mAdapter } from '@rosetta/lwm2m-adapter';
import type { Outcome } from '@rosetta/outcome-schema';
import { createMetrics } from '@rosetta/telemetry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  gatewayPaths,
  type RunningGateway,
  startDtlsGateway,
  writeSecurityFile,
} from '../support/dtls-gateway.ts';
import { ensureLeshanClient, LeshanClient } from '../support/leshan-client.ts';
import { type Lwm2mPki, makeLwm2mPki } from '../support/lwm2m-pki.ts';
import { NatRebinder } from '../support/nat-rebinder.ts';
import { startTestNormalizer } from '../support/normalizer.ts';

// Eclipse Leshan's client (Californium Scandium inside) over coaps with each LwM2M security mode — PSK, raw public
// key, X.509 — through the DTLS gateway to the adapter, each carrying a firmware update to rosetta.outcomes.v1.
const brokers = inject('kafkaBrokers');
const connection = { brokers, clientId: 'lwm2m-coaps' };
const tenant = `coaps-${randomUUID().slice(0, 8)}`;
const endpoint = (mode: string) => `${tenant}-${mode}`;
const PSK_KEY = Buffer.from('coaps-test-psk-key').toString('hex');
const stops: (() => Promise<void>)[] = [];
let collector: OutcomeCollector;
let adapter: Lwm2mAdapter;
let gateway: RunningGateway;
let pki: Lwm2mPki;
const metrics = createMetrics('lwm2m-adapter');

beforeAll(async () => {
  ensureLeshanClient();
  pki = makeLwm2mPki(mkdtempSync(join(tmpdir(), 'lwm2m-pki-')), endpoint('x509'));
  collector = await OutcomeCollector.start(createKafka(connection), OUTCOMES_TOPIC, (key) =>
    key.startsWith(`${tenant}/`),
  );
  stops.push(() => collector.stop());
  const publisher = await createPublisher(connection);
  stops.push(() => publisher.close());
  const normalizer = await startTestNormalizer(brokers, tenant);
  stops.push(() => normalizer.stop());
  const paths = gatewayPaths();
  writeSecurityFile(paths.securityFile, {
    psk: [
      { identity: `${tenant}-identity`, key: PSK_KEY, endpoint: endpoint('psk') },
      { identity: `${tenant}-nat-identity`, key: PSK_KEY, endpoint: endpoint('nat') },
    ],
    rpk: [{ publicKey: pki.rpkDevice.publicKeyBase64, endpoint: endpoint('rpk') }],
    x509: { trustAnchors: readFileSync(pki.caCert, 'utf8') },
  });
  adapter = await startLwm2mAdapter({
    publisher,
    secure: { sessionSocket: paths.sessionSocket },
    config: { tenants: { [tenant]: { endpoints: [`${tenant}-*`] } } },
    metrics,
    log: () => undefined,
  });
  stops.push(() => adapter.close());
  gateway = await startDtlsGateway({
    sessionSocket: paths.sessionSocket,
    securityFile: paths.securityFile,
    serverCredentials: pki.serverCredentials,
  });
  stops.push(() => gateway.stop());
}, 300_000);
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function waitForCode(device: string, canonical: string): Promise<Outcome> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = collector.all.find((o) => o.device.id === device && o.outcome.code === canonical);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`${device}: no ${canonical}; gateway output:\n${gateway.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const credentials = (mode: 'psk' | 'rpk' | 'x509'): string[] => {
  switch (mode) {
    case 'psk':
      return ['psk', `${tenant}-identity`, PSK_KEY];
    case 'rpk':
      return ['rpk', pki.rpkDevice.publicKeyDer, pki.rpkDevice.keyDer, pki.serverPublicKeyDer];
    case 'x509':
      return ['x509', pki.x509Device.certDer, pki.x509Device.keyDer, pki.serverCertDer];
  }
};

describe('LwM2M over coaps with Eclipse Leshan', () => {
  it.each(['psk', 'rpk', 'x509'] as const)(
    '%s: registers bound to DTLS and reports an update',
    async (mode) => {
      const device = endpoint(mode);
      const client = LeshanClient.start(gateway.port, device, credentials(mode));
      stops.push(() => client.stop());
      await client.waitFor(/registered \S+/);
      expect(adapter.registrations.byEndpoint(device)).toMatchObject({ security: 'dtls' });
      await waitForCode(device, 'IDLE');
      await client.send('state 1');
      await waitForCode(device, 'DOWNLOADING');
      await client.send('fw 0 5');
      const outcome = await waitForCode(device, 'PACKAGE_INTEGRITY_FAILED');
      expect(outcome).toMatchObject({
        tenant,
        device: { id: device },
        source: { protocol: 'lwm2m-fw', code: '5' },
      });
      await client.stop();
    },
  );

  it('a NAT rebinding mid-session keeps the DTLS session, the registration and the observation (Connection ID)', async () => {
    const device = endpoint('nat');
    const nat = await NatRebinder.start(gateway.port);
    stops.push(async () => nat.close());
    const client = LeshanClient.start(nat.port, device, credentials('psk').with(1, `${tenant}-nat-identity`));
    stops.push(() => client.stop());
    await client.waitFor(/registered \S+/);
    await waitForCode(device, 'IDLE');
    const registration = adapter.registrations.byEndpoint(device);
    const handshakes = (await gateway.metrics()).get('rosetta_dtls_handshakes_total{result="ok"}');
    await nat.rebind();
    await client.send('state 1'); // the notification now leaves the NAT from another port
    await waitForCode(device, 'DOWNLOADING');
    await client.send('fw 0 5');
    await waitForCode(device, 'PACKAGE_INTEGRITY_FAILED');
    expect(nat.outsidePorts).toHaveLength(2);
    expect(adapter.registrations.byEndpoint(device)?.id).toBe(registration?.id);
    expect((await gateway.metrics()).get('rosetta_dtls_handshakes_total{result="ok"}')).toBe(handshakes);
    await client.stop();
  });

  it('a valid certificate whose name is another endpoint cannot register as that endpoint', async () => {
    // The X.509 device's certificate names endpoint('x509'); it claims endpoint('impostor').
    const client = LeshanClient.start(gateway.port, endpoint('impostor'), credentials('x509'));
    stops.push(() => client.stop());
    await expect(client.waitFor(/registered \S+/, 8_000)).rejects.toThrow();
    await client.stop();
    expect(adapter.registrations.byEndpoint(endpoint('impostor'))).toBeUndefined();
    const refused = (await metrics.lwm2mSecurityRefused.get()).values;
    expect(refused.find((v) => v.labels.reason === 'endpoint-not-bound')?.value).toBeGreaterThanOrEqual(1);
  });
});
