import type { AddressInfo } from 'node:net';
import type { RecordPublisher } from '@rosetta/kafka';
import { createMetrics } from '@rosetta/telemetry';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOmadmApp } from './app.ts';
import { CONTENT_TYPE } from './content-type.ts';

// HTTP-level refusals over a real socket. A refused request must reach no publisher, so this publisher counts calls
// (and can be told to fail, as Kafka would when down); publishing itself is tested against the real broker in test/contract.
let calls = 0;
let kafkaDown = false;
const publisher: RecordPublisher = {
  publish: async () => {
    if (kafkaDown) throw new Error('KafkaJSConnectionError: Connection error: connect ECONNREFUSED');
    calls += 1;
  },
  close: async () => undefined,
};
let app: FastifyInstance;
let base = '';
beforeAll(async () => {
  app = await buildOmadmApp({
    publisher,
    bodyLimit: 2048,
    config: {
      serverUri: 's',
      defaultTenant: 'acme',
      tenants: {
        acme: {
          allowBasic: true,
          tokens: ['fwd-token'],
          devices: { 'IMEI:1': { username: 'u', password: 'p' } },
        },
      },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const alertXml = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta><Data>${Buffer.from('u:p').toString('base64')}</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>402</Data></Item></Alert><Final/></SyncBody></SyncML>`;
const post = (path: string, body: string, contentType: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });

describe('omadm adapter refusals', () => {
  it('413 over the size limit', async () => {
    expect(
      (await post('/omadm', alertXml.replace('<Final/>', `<Final/>${' '.repeat(3000)}`), CONTENT_TYPE.xml))
        .status,
    ).toBe(413);
  });

  it('415 for a content type that is not SyncML DM', async () => {
    expect((await post('/omadm', alertXml, 'text/xml')).status).toBe(415);
  });

  it('503 with Retry-After and no SyncML success when Kafka does not acknowledge', async () => {
    kafkaDown = true;
    try {
      const res = await post('/omadm', alertXml, CONTENT_TYPE.xml);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.text()).not.toContain('SyncML');
    } finally {
      kafkaDown = false;
    }
  });

  it('a good message is published once and answered with 212', async () => {
    const before = calls;
    const res = await post('/omadm', alertXml, CONTENT_TYPE.xml);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<Cmd>SyncHdr<\/Cmd>[\s\S]*<Data>212<\/Data>/);
    expect(calls).toBe(before + 1);
  });

  it('POST /omadm/alerts needs the tenant token and a valid body', async () => {
    const body = JSON.stringify({
      deviceId: 'IMEI:1',
      alerts: [{ type: 'org.openmobilealliance.dm.firmwareupdate.update', data: 402 }],
    });
    expect((await post('/omadm/alerts', body, 'application/json')).status).toBe(401);
    const bad = await post('/omadm/alerts', JSON.stringify({ deviceId: 'IMEI:1' }), 'application/json', {
      authorization: 'Bearer fwd-token',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/alerts/);
    const ok = await post('/omadm/alerts', body, 'application/json', { authorization: 'Bearer fwd-token' });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toMatchObject({ accepted: 1 });
  });

  it('documents POST /omadm/alerts in its OpenAPI at /docs', async () => {
    const doc = (await (await fetch(`${base}/docs`)).json()) as {
      paths: Record<string, { post?: { requestBody?: unknown } }>;
    };
    expect(doc.paths['/omadm/alerts']?.post?.requestBody).toBeDefined();
  });

  it('a server fault answers SyncML Status 500 for each command, over HTTP 200, and accepts nothing', async () => {
    // Fault injection through a dependency: a metrics object whose counter throws inside the accept step.
    const metrics = createMetrics('omadm-fault');
    metrics.received.inc = () => {
      throw new Error('injected fault');
    };
    const faulty = await buildOmadmApp({
      publisher,
      metrics,
      config: {
        serverUri: 's',
        defaultTenant: 'acme',
        tenants: { acme: { allowBasic: true, devices: { 'IMEI:1': { username: 'u', password: 'p' } } } },
      },
    });
    const before = calls;
    const res = await faulty.inject({
      method: 'POST',
      url: '/omadm',
      headers: { 'content-type': CONTENT_TYPE.xml },
      payload: alertXml,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<CmdRef>2<\/CmdRef>\s*<Cmd>Alert<\/Cmd>\s*<Data>500<\/Data>/);
    expect(calls).toBe(before);
    await faulty.close();
  });
});
