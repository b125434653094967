import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOmadmApp } from './app.ts';
import { CONTENT_TYPE } from './content-type.ts';

// Property: whatever reaches /omadm or /omadm/alerts, the answer is SyncML (200) or a documented 4xx, never a 5xx.
const app = await buildOmadmApp({
  publisher: { publish: async () => undefined, close: async () => undefined },
  config: {
    serverUri: 's',
    defaultTenant: 'acme',
    tenants: {
      acme: { allowBasic: true, tokens: ['t'], devices: { 'IMEI:1': { username: 'u', password: 'p' } } },
    },
  },
});
const ANSWERS = [200, 202, 400, 401, 413, 415];
const alert = (data: string) =>
  `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>s</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source><Cred><Meta><Type xmlns="syncml:metinf">syncml:auth-basic</Type></Meta><Data>dTpw</Data></Cred></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Meta><Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type><Format xmlns="syncml:metinf">int</Format></Meta><Data>${data}</Data></Item></Alert><Final/></SyncBody></SyncML>`;
const post = async (url: string, payload: string | Buffer, contentType: string) =>
  (
    await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': contentType, authorization: 'Bearer t' },
      payload,
    })
  ).statusCode;

describe('OMA-DM routes under fuzzing', () => {
  it('random bytes as WBXML and random text as XML get SyncML or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        expect(ANSWERS).toContain(await post('/omadm', Buffer.from(bytes), CONTENT_TYPE.wbxml));
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300, unit: 'binary' }), async (text) => {
        expect(ANSWERS).toContain(await post('/omadm', text, CONTENT_TYPE.xml));
      }),
      { numRuns: 300 },
    );
  });

  it('an authenticated Generic Alert with any Data, in any tenant path, gets SyncML or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }).map((s) => s.replace(/[<&]/g, '')),
        fc.constantFrom('', '/acme', '/__proto__', '/constructor', '/x'),
        async (data, tenant) => {
          expect(ANSWERS).toContain(await post(`/omadm${tenant}`, alert(data), CONTENT_TYPE.xml));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any JSON value to /omadm/alerts gets 202 or a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        expect(ANSWERS).toContain(await post('/omadm/alerts', JSON.stringify(value), 'application/json'));
      }),
      { numRuns: 300 },
    );
  });
});
