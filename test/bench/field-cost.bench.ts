import { encodeWbxml, parseXml } from '@rosetta/codecs/syncml';
import { buildOmadmApp } from '@rosetta/omadm-adapter';
import { buildWebhookApp, credentialStore } from '@rosetta/webhook-adapter';

// What a large field costs at each HTTP ingress, from request to answer (in process: parsing, budgets, schema,
// refusal), for 1 KB, 100 KB and 1 MB fields. Linear work shows as a flat µs/KB column; a quadratic one grows
// 100× per row. Nothing here talks to Kafka: a publisher that discards stands in for it.
const publisher = { publish: async () => undefined, close: async () => undefined };
const omadm = await buildOmadmApp({
  publisher,
  bodyLimit: 16 * 1024 * 1024,
  config: {
    serverUri: 's',
    defaultTenant: 'acme',
    tenants: { acme: { allowBasic: true, devices: { 'IMEI:1': { username: 'u', password: 'p' } } } },
  },
});
const webhook = await buildWebhookApp({
  publisher,
  bodyLimit: 16 * 1024 * 1024,
  credentials: credentialStore({ acme: { tokens: ['t'] } }),
});

const syncml = (source: string, data: string) =>
  `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>${source}</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta><Data>${Buffer.from('u:p').toString('base64')}</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type><Format xmlns="syncml:metinf">chr</Format></Meta><Data>${data}</Data></Item></Alert><Final/></SyncBody></SyncML>`;

const encoded = new Map<string, Buffer>();
const lax = { maxDepth: 32, maxElements: 1000, maxAttributes: 8, maxTextLength: 2e6, maxDecodedLength: 4e6 };
/** Encoded once per field, outside the timed request. */
function wbxmlOf(field: string): Buffer {
  const known = encoded.get(field);
  if (known) return known;
  const bytes = encodeWbxml(parseXml(syncml('IMEI:1', field), lax));
  encoded.set(field, bytes);
  return bytes;
}

interface Case {
  ingress: string;
  send: (field: string) => Promise<number>;
}
const cases: Case[] = [
  {
    ingress: 'omadm XML, device id (LocURI)',
    send: async (f) =>
      (
        await omadm.inject({
          method: 'POST',
          url: '/omadm',
          headers: { 'content-type': 'application/vnd.syncml.dm+xml' },
          payload: syncml(f, '402'),
        })
      ).statusCode,
  },
  {
    ingress: 'omadm XML, result code (Data)',
    send: async (f) =>
      (
        await omadm.inject({
          method: 'POST',
          url: '/omadm',
          headers: { 'content-type': 'application/vnd.syncml.dm+xml' },
          payload: syncml('IMEI:1', f),
        })
      ).statusCode,
  },
  {
    ingress: 'omadm WBXML, result code (Data)',
    send: async (f) => {
      const wbxml = wbxmlOf(f);
      return (
        await omadm.inject({
          method: 'POST',
          url: '/omadm',
          headers: { 'content-type': 'application/vnd.syncml.dm+wbxml' },
          payload: wbxml,
        })
      ).statusCode;
    },
  },
  {
    ingress: 'webhook Knox JSON, agentError.code',
    send: async (f) =>
      (
        await webhook.inject({
          method: 'POST',
          url: '/webhooks/knox-efota',
          headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
          payload: JSON.stringify({ imei: '356938035643809', agentError: { code: f } }),
        })
      ).statusCode,
  },
  {
    ingress: 'webhook Pelion JSON, event_type',
    send: async (f) =>
      (
        await webhook.inject({
          method: 'POST',
          url: '/webhooks/pelion-update',
          headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
          payload: JSON.stringify({ id: 'e', device_id: 'd', event_type: f }),
        })
      ).statusCode,
  },
  {
    ingress: 'webhook EAS XML, Status',
    send: async (f) =>
      (
        await webhook.inject({
          method: 'POST',
          url: '/webhooks/eas-provision?deviceId=D1',
          headers: { 'content-type': 'application/xml', authorization: 'Bearer t' },
          payload: `<Provision><Status>${f}</Status></Provision>`,
        })
      ).statusCode,
  },
];

const SIZES = [1024, 100 * 1024, 1024 * 1024];
const field = (bytes: number) => `${'9'.repeat(bytes - 1)}x`;

console.log('ingress cost of one large field (median of runs, in process, answer included)');
console.log(`${'ingress'.padEnd(36)} ${SIZES.map((s) => `${s / 1024} KB`.padStart(30)).join('')}`);
for (const c of cases) {
  const cells: string[] = [];
  for (const size of SIZES) {
    const f = field(size);
    await c.send(f); // warm-up, and the WBXML encoding is cached
    const runs = size >= 1024 * 1024 ? 7 : 25;
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      status = await c.send(f);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    cells.push(
      `${(median / 1000).toFixed(2)} ms, ${(median / (size / 1024)).toFixed(2)} µs/KB (${status})`.padStart(
        30,
      ),
    );
  }
  console.log(`${c.ingress.padEnd(36)} ${cells.join('')}`);
}
await omadm.close();
await webhook.close();
