import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { authMd5Digest, encodeWbxml, parseXml } from '@rosetta/codecs/syncml';
import { createKafka, createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { startNormalizer } from '@rosetta/normalizer';
import { buildOmadmApp, CONTENT_TYPE } from '@rosetta/omadm-adapter';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ContractCase, loadCases } from '../support/contract-cases.ts';
import { OutcomeCollector } from '../support/outcome-collector.ts';
import { readAnswer } from '../support/syncml-answer.ts';

// OMA-DM contract cases end to end: real HTTP with SyncML (XML or WBXML) → omadm adapter → raw topic on the real
// broker → normalizer → rosetta.outcomes.v1. Credentials follow the protocol: the digest uses the NextNonce from
// the previous answer, as a device would.
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'contract-omadm' });
const tenant = `dm-${randomUUID().slice(0, 8)}`;
const DEFAULT_DEVICE = 'IMEI:493005100592800';
const DEVICES = [DEFAULT_DEVICE, 'IMEI:356938035643801', 'IMEI:356938035643802', 'IMEI:356938035643803'];
const password = (device: string) => `secret-${device.slice(-4)}`;
const nonces = new Map(DEVICES.map((d) => [d, Buffer.from('initial-nonce').toString('base64')]));
const stops: (() => Promise<void>)[] = [];
let base = '';
let collector: OutcomeCollector;

beforeAll(async () => {
  collector = await OutcomeCollector.start(kafka, OUTCOMES_TOPIC, (key) => key.startsWith(`${tenant}/`));
  stops.push(() => collector.stop());
  const publisher = await createPublisher(kafka);
  const app = await buildOmadmApp({
    publisher,
    config: {
      serverUri: 'https://rosetta.example/omadm',
      defaultTenant: tenant,
      tenants: {
        [tenant]: {
          allowBasic: true,
          profiles: { byModelPrefix: { 'OPX-': 'operator-fumo-403-deferred' } },
          devices: Object.fromEntries(
            DEVICES.map((d) => [d, { username: d, password: password(d), nonce: nonces.get(d) }]),
          ),
        },
      },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  stops.push(async () => {
    await app.close();
    await publisher.close();
  });
  const normalizer = await startNormalizer({
    brokers,
    groupId: `g-${tenant}`,
    instanceId: tenant,
    log: () => undefined,
  });
  stops.push(() => normalizer.stop());
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

function body(c: ContractCase, device: string): { bytes: Buffer; wbxml: boolean } {
  if (c.inputKind === 'hex') return { bytes: Buffer.from(c.input.replace(/\s+/g, ''), 'hex'), wbxml: true };
  const cred =
    c.request.auth === 'basic'
      ? Buffer.from(`${device}:${password(device)}`).toString('base64')
      : authMd5Digest(device, password(device), nonces.get(device) ?? '');
  const xml = c.input.replace('{{cred}}', cred);
  if (c.request.encoding === 'wbxml') return { bytes: encodeWbxml(parseXml(xml)), wbxml: true };
  return { bytes: Buffer.from(xml), wbxml: false };
}

describe('contract: omadm-fumo', () => {
  for (const c of loadCases('omadm-fumo')) {
    it(c.name, async () => {
      const device = c.request.device ?? DEFAULT_DEVICE;
      const key = `${tenant}/${device}`;
      const before = collector.all.filter((o) => `${o.tenant}/${o.device.id}` === key).length;
      const { bytes, wbxml } = body(c, device);
      const response = await fetch(`${base}/omadm/${tenant}`, {
        method: 'POST',
        headers: { 'content-type': wbxml ? CONTENT_TYPE.wbxml : CONTENT_TYPE.xml },
        body: bytes,
      });
      const raw = Buffer.from(await response.arrayBuffer());
      expect(response.status).toBe(c.answer.status);
      if (c.answer.body) expect(JSON.parse(raw.toString())).toMatchObject(c.answer.body);
      if (c.answer.syncml) {
        expect(response.headers.get('content-type')).toBe(wbxml ? CONTENT_TYPE.wbxml : CONTENT_TYPE.xml);
        const answer = readAnswer(raw, wbxml);
        expect({ headerStatus: answer.headerStatus, statuses: answer.statuses }).toEqual(c.answer.syncml);
        expect(answer.final).toBe(true);
        if (answer.nextNonce) nonces.set(device, answer.nextNonce);
      }
      const mine = () => collector.all.filter((o) => `${o.tenant}/${o.device.id}` === key).slice(before);
      const deadline = Date.now() + (c.outcomes.length > 0 ? 30_000 : 1500);
      while (mine().length < Math.max(c.outcomes.length, 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(mine()).toMatchObject(c.outcomes.map((expected) => ({ tenant, ...expected })));
    });
  }
});
