import type { AddressInfo } from 'node:net';
import { DEFAULT_SYNCML_LIMITS, encodeWbxml, parseXml } from '@rosetta/codecs/syncml';
import type { RecordPublisher } from '@rosetta/kafka';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOmadmApp } from './app.ts';
import { memoryNonceStore } from './auth.ts';
import { CONTENT_TYPE } from './content-type.ts';

// Hostile SyncML over a real socket: a 4xx (or a SyncML refusal) for each, never a 5xx or a crash, nothing
// published, and nothing remembered about strangers.
let calls = 0;
const publisher: RecordPublisher = {
  publish: async () => {
    calls += 1;
  },
  close: async () => undefined,
};
const nonces = memoryNonceStore();
let app: FastifyInstance;
let base = '';
beforeAll(async () => {
  app = await buildOmadmApp({
    publisher,
    bodyLimit: 4 * 1024 * 1024,
    nonces,
    config: {
      serverUri: 's',
      defaultTenant: 'acme',
      tenants: {
        acme: {
          tokens: ['fwd-token'],
          devices: { 'IMEI:1': { username: 'u', password: 'p', nonce: 'bm9uY2U=' } },
        },
      },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const syncml = (source: string, cred = '', body = '<Final/>') =>
  `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>${source}</LocURI></Source>${cred}</SyncHdr><SyncBody>${body}</SyncBody></SyncML>`;
const post = (path: string, body: string | Buffer | undefined, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

/** The WBXML string-table bomb: a 64 KiB table string referenced 20,000 times (≈ 1.3 GB if expanded). */
function wbxmlBomb(): Buffer {
  const table = Buffer.concat([Buffer.alloc(64 * 1024, 0x41), Buffer.from([0])]);
  const refs = Buffer.alloc(20_000 * 2);
  for (let i = 0; i < refs.length; i += 2) refs[i] = 0x83; // STR_T, index 0
  const len = [0x84, 0x80, 0x01]; // mb_u_int32 65537
  return Buffer.concat([
    Buffer.from([0x02, 0xa4, 0x01, 0x6a, ...len]),
    table,
    Buffer.from([0x6d, 0x4f]),
    refs,
    Buffer.from([0x01, 0x01]),
  ]);
}

const XML = { 'content-type': CONTENT_TYPE.xml };
const cases: [
  name: string,
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string>,
  status: number,
][] = [
  ['the WBXML string-table bomb', '/omadm', wbxmlBomb(), { 'content-type': CONTENT_TYPE.wbxml }, 400],
  [
    'XML nested 2,000 deep',
    '/omadm',
    syncml('IMEI:1', '', `${'<Item>'.repeat(2000)}${'</Item>'.repeat(2000)}`),
    XML,
    400,
  ],
  ['an undefined entity', '/omadm', syncml('IMEI:1&bogus;'), XML, 400],
  ['a character reference beyond U+10FFFF', '/omadm', syncml('IMEI:&#x110000;'), XML, 400],
  ['an element after the root', '/omadm', `${syncml('IMEI:1')}<SyncML/>`, XML, 400],
  ['an empty body without a content type', '/omadm', undefined, {}, 415],
  ['an empty SyncML body', '/omadm', '', XML, 415],
  ['the tenant __proto__', '/omadm/__proto__', syncml('IMEI:1'), XML, 200],
  ['the tenant constructor', '/omadm/constructor', syncml('IMEI:1'), XML, 200],
  ['the tenant toString', '/omadm/toString', syncml('IMEI:1'), XML, 200],
  ['a device id of 150 KB', '/omadm', syncml('I'.repeat(150_000)), XML, 400],
  ['a device id of 1 MB', '/omadm', syncml('I'.repeat(1024 * 1024)), XML, 400],
  [
    'a result code of 1 MB',
    '/omadm',
    syncml(
      'IMEI:1',
      '',
      `<Alert><CmdID>2</CmdID><Data>1226</Data><Item><Data>${'4'.repeat(1024 * 1024)}</Data></Item></Alert>`,
    ),
    XML,
    400,
  ],
  [
    'JSON alerts nested deep',
    '/omadm/alerts',
    '['.repeat(100_000),
    { 'content-type': 'application/json', authorization: 'Bearer fwd-token' },
    400,
  ],
  [
    'JSON alerts body null',
    '/omadm/alerts',
    'null',
    { 'content-type': 'application/json', authorization: 'Bearer fwd-token' },
    400,
  ],
  [
    'JSON alerts for the tenant __proto__',
    '/omadm/alerts',
    JSON.stringify({ tenant: '__proto__', deviceId: 'd', alerts: [{ type: 'x', data: 1 }] }),
    { 'content-type': 'application/json', authorization: 'Bearer fwd-token' },
    400,
  ],
  [
    'JSON alerts with a leap-second-free impossible time',
    '/omadm/alerts',
    JSON.stringify({
      deviceId: 'd',
      alerts: [
        { type: 'org.openmobilealliance.dm.firmwareupdate.update', data: 1, time: '2026-02-31T10:00:00Z' },
      ],
    }),
    { 'content-type': 'application/json', authorization: 'Bearer fwd-token' },
    400,
  ],
  [
    'JSON alerts with a 1 MB code',
    '/omadm/alerts',
    JSON.stringify({
      deviceId: 'd',
      alerts: [{ type: 'org.openmobilealliance.dm.firmwareupdate.update', data: '4'.repeat(1_000_000) }],
    }),
    { 'content-type': 'application/json', authorization: 'Bearer fwd-token' },
    400,
  ],
];

describe('hostile OMA-DM requests', () => {
  it.each(cases)('%s', async (_name, path, body, headers, status) => {
    const before = calls;
    const res = await post(path, body, headers);
    expect(res.status).toBe(status);
    expect(calls).toBe(before);
    if (status === 200) expect(await res.text()).toMatch(/<Data>(401|407)<\/Data>/);
  });

  it('the WBXML bomb costs a bounded amount of memory', async () => {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 5; i++)
      expect((await post('/omadm', wbxmlBomb(), { 'content-type': CONTENT_TYPE.wbxml })).status).toBe(400);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('remembers no nonce for strangers, and a message without valid credentials never changes a device nonce', async () => {
    for (let i = 0; i < 200; i++) await post('/omadm', syncml(`IMEI:stranger-${i}`), XML);
    expect(nonces.size).toBe(0);
    const md5 =
      '<Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-md5</Type></Meta><Data>d3Jvbmc=</Data></Cred>';
    for (const cred of ['', md5]) {
      const answer = await (await post('/omadm', syncml('IMEI:1', cred), XML)).text();
      expect(answer).toMatch(/<NextNonce[^>]*>bm9uY2U=<\/NextNonce>/);
    }
    expect(nonces.get('acme', 'IMEI:1')).toBeUndefined();
  });

  it('WBXML encodings of the hostile XML cases are refused too', async () => {
    const xml = syncml('IMEI:1', '', `${'<Item>'.repeat(40)}${'</Item>'.repeat(40)}`);
    const deep = encodeWbxml(parseXml(xml, { ...DEFAULT_SYNCML_LIMITS, maxDepth: 64 }));
    const res = await post('/omadm', deep, { 'content-type': CONTENT_TYPE.wbxml });
    expect(res.status).toBe(400);
  });
});
