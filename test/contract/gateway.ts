import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Gateway } from '@rosetta/contract-kit';
import type { RecordPublisher } from '@rosetta/kafka';
import { buildOmadmApp } from '@rosetta/omadm-adapter';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';

const DEVICES = [
  'IMEI:493005100592800',
  'IMEI:356938035643801',
  'IMEI:356938035643802',
  'IMEI:356938035643803',
];
const password = (device: string) => `secret-${device.slice(-4)}`;
const INITIAL_NONCE = Buffer.from('initial-nonce').toString('base64');
const url = (app: { server: { address(): unknown } }) =>
  `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

/**
 * The webhook and OMA-DM adapters the contract cases are sent to, on local HTTP ports, publishing through
 * `publisher` (Kafka, or normalizing in memory), with the tenant, devices and credentials the cases assume.
 */
export async function startContractGateway(
  publisher: RecordPublisher,
  tenant: string,
): Promise<{ gateway: Gateway; stop: () => Promise<void> }> {
  const token = randomUUID();
  const webhook = await buildWebhookApp({
    publisher,
    credentials: credentialStore({ [tenant]: { tokens: [token] } }),
  });
  await webhook.listen({ port: 0, host: '127.0.0.1' });
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
  return {
    gateway: {
      webhook: url(webhook),
      omadm: url(omadm),
      token,
      tenant,
      password,
      nonces: new Map(DEVICES.map((d) => [d, INITIAL_NONCE])),
    },
    stop: async () => {
      await webhook.close();
      await omadm.close();
    },
  };
}
