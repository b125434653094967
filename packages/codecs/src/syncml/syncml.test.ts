import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  authMd5Digest,
  buildResponse,
  decodeWbxml,
  encodeWbxml,
  parseXml,
  readSyncML,
  toXml,
} from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('SyncML XML', () => {
  it('reads the OMA DM package 1 example (§2.6.1.1): device id, credentials, commands', () => {
    const message = readSyncML(parseXml(fixture('omadm-package1-client-init-oma-dmpro-2.6.1.1.xml')));
    expect(message).toMatchObject({
      verDTD: '1.2',
      verProto: 'DM/1.2',
      sessionId: '1',
      msgId: '1',
      source: 'IMEI:493005100592800',
      final: true,
    });
    expect(message.cred).toMatchObject({ type: 'syncml:auth-basic', format: 'b64' });
    expect(message.commands.map((c) => [c.name, c.cmdId, c.data])).toEqual([
      ['Alert', '1', '1200'],
      ['Replace', '3', undefined],
    ]);
    expect(message.commands[1]?.items[0]).toEqual({
      source: './DevInfo/DevId',
      format: 'chr',
      type: 'text/plain',
      data: 'IMEI:493005100592800',
    });
  });

  it("tolerates the Microsoft sample's HTML-escaped namespace quotes, metinfo namespace and padded Type", () => {
    const message = readSyncML(parseXml(fixture('omadm-generic-alert-ms-docs-unenroll-first-package.xml')));
    const alert = message.commands.find((c) => c.name === 'Alert');
    expect(alert?.data).toBe('1226');
    expect(alert?.items[0]).toMatchObject({
      type: 'com.microsoft:mdm.unenrollment.userrequest',
      format: 'int',
      data: '1',
    });
  });

  it('tolerates the OMA example\'s "--!>" comment end and keeps the Correlator and Mark', () => {
    const alertXml = fixture('omadm-generic-alert-oma-dmpro-2.3.7.1-basic-design.xml');
    const doc = `<SyncML xmlns="syncml:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>9</SessionID><MsgID>2</MsgID><Target><LocURI>srv</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source></SyncHdr><SyncBody>${alertXml}<Final/></SyncBody></SyncML>`;
    const [alert] = readSyncML(parseXml(doc)).commands;
    expect(alert).toMatchObject({ name: 'Alert', data: '1226', correlator: 'abc123' });
    expect(alert?.items[0]).toMatchObject({ source: './SyncML/Sample', format: 'xml', mark: 'critical' });
    expect(alert?.items[0]?.type).toBe('Reversed-Domain-Name: org.domain.samplealert');
  });

  it('refuses a DOCTYPE (XXE, billion laughs) without expanding it', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><SyncML>&lol2;</SyncML>';
    expect(() => parseXml(laughs)).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_SYNCML_DTD_FORBIDDEN' }),
    );
  });

  it('refuses malformed XML and a document that is not SyncML, with clear codes', () => {
    expect(() => parseXml('<SyncML><SyncHdr></SyncML>')).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_SYNCML_MALFORMED' }),
    );
    expect(() => readSyncML(parseXml('<Provision/>'))).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_SYNCML_NOT_SYNCML' }),
    );
  });
});

describe('WBXML', () => {
  // <SyncML><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr><SyncBody><Alert><CmdID>2</CmdID><Data>1226</Data><Item><Meta>
  //   <Type xmlns="syncml:metinf">org.openmobilealliance.dm.firmwareupdate.update</Type></Meta><Data>402</Data></Item></Alert></SyncBody></SyncML>
  const bytes = Buffer.concat([
    Buffer.from([0x02, 0xa4, 0x01, 0x6a, 0x00]), // version 1.2, public id 0x1201, UTF-8, empty string table
    Buffer.from([0x6d, 0x6c, 0x71, 0x03]),
    Buffer.from('1.2\0'),
    Buffer.from([0x01, 0x01]),
    Buffer.from([0x6b, 0x46, 0x4b, 0x03]),
    Buffer.from('2\0'),
    Buffer.from([0x01, 0x4f, 0x03]),
    Buffer.from('1226\0'),
    Buffer.from([0x01]),
    Buffer.from([0x54, 0x5a, 0x00, 0x01, 0x53, 0x03]),
    Buffer.from('org.openmobilealliance.dm.firmwareupdate.update\0'),
    Buffer.from([0x01, 0x00, 0x00, 0x01, 0x4f, 0xc3, 0x03]),
    Buffer.from('402'),
    Buffer.from([0x01, 0x01, 0x01, 0x01, 0x01]),
  ]);

  it('decodes SyncML and MetInf code pages, inline strings and opaque data', () => {
    const root = decodeWbxml(bytes);
    const alert = root.children?.[1]?.children?.[0];
    expect(alert?.name).toBe('Alert');
    const item = alert?.children?.[2];
    expect(item?.children?.[0]).toEqual({
      name: 'Meta',
      children: [
        { name: 'Type', xmlns: 'syncml:metinf', text: 'org.openmobilealliance.dm.firmwareupdate.update' },
      ],
    });
    expect(item?.children?.[1]).toEqual({ name: 'Data', text: '402' });
  });

  it('round-trips a response through the encoder', () => {
    const response = buildResponse({
      request: {
        verDTD: '1.2',
        verProto: 'DM/1.2',
        sessionId: '7',
        msgId: '1',
        source: 'IMEI:1',
        target: 'srv',
      },
      serverUri: 'https://rosetta/omadm',
      headerStatus: '212',
      challenge: { type: 'syncml:auth-md5', nextNonce: 'bm9uY2U=' },
      statuses: [{ cmdRef: '2', cmd: 'Alert', data: '200' }],
    });
    // WBXML carries no namespace for the root (the public id stands for it); everything else survives.
    const { xmlns: _namespace, ...withoutNamespace } = response;
    expect(decodeWbxml(encodeWbxml(response))).toEqual(withoutNamespace);
  });

  it.each([
    ['truncated', bytes.subarray(0, 20), /unexpected end|runs past|unterminated/],
    ['an unknown tag', Buffer.from([0x02, 0x00, 0x00, 0x6a, 0x00, 0x7f, 0x01]), /unknown tag 0x3f/],
    [
      'a string-table reference out of range',
      Buffer.from([0x02, 0x00, 0x00, 0x6a, 0x00, 0x4f, 0x83, 0x05, 0x01]),
      /out of range/,
    ],
    [
      'a length past the end',
      Buffer.from([0x02, 0x00, 0x00, 0x6a, 0x00, 0x4f, 0xc3, 0x7f, 0x41]),
      /runs past the end/,
    ],
  ])('refuses %s with ROSETTA_ERR_WBXML_MALFORMED', (_name, input, message) => {
    expect(() => decodeWbxml(input)).toThrow(
      expect.objectContaining({
        code: 'ROSETTA_ERR_WBXML_MALFORMED',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('response and auth', () => {
  it('answers with the SyncHdr status, one Status per command, and Final', () => {
    const xml = toXml(
      buildResponse({
        request: {
          verDTD: '1.2',
          verProto: 'DM/1.2',
          sessionId: '3',
          msgId: '2',
          source: 'IMEI:493005100592800',
          target: 'srv',
        },
        serverUri: 'https://rosetta/omadm',
        headerStatus: '212',
        statuses: [{ cmdRef: '4', cmd: 'Alert', data: '200' }],
      }),
    );
    expect(xml).toContain('<SyncML xmlns="SYNCML:SYNCML1.2">');
    expect(xml).toMatch(
      /<Status>\s*<CmdID>1<\/CmdID>\s*<MsgRef>2<\/MsgRef>\s*<CmdRef>0<\/CmdRef>\s*<Cmd>SyncHdr<\/Cmd>[\s\S]*<Data>212<\/Data>/,
    );
    expect(xml).toMatch(
      /<CmdID>2<\/CmdID>\s*<MsgRef>2<\/MsgRef>\s*<CmdRef>4<\/CmdRef>\s*<Cmd>Alert<\/Cmd>\s*<Data>200<\/Data>/,
    );
    expect(xml).toContain('<Final/>');
  });

  it('computes the syncml:auth-md5 digest as OMA DM Security defines it', () => {
    // B64(H(B64(H("Bruce2:OhBehave")) ":" nonce)) with nonce "Nonce" — value computed independently with openssl.
    expect(authMd5Digest('Bruce2', 'OhBehave', Buffer.from('Nonce').toString('base64'))).toBe(
      'Zz6EivR3yeaaENcRN6lpAQ==',
    );
  });
});
