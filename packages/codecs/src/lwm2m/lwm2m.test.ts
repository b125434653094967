import { readFileSync } from 'node:fs';
import { encode as encodeCbor } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_FORMAT,
  decodeContent,
  decodeSenmlPack,
  encodeTlvIntegers,
  parseLinkFormat,
} from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8').trim();
const hex = (name: string) => Buffer.from(fixture(name).replace(/\s+/g, ''), 'hex');

describe('TLV', () => {
  it('decodes the spec example for /3/0 (LwM2M TS §4.3.2 A, as Leshan encodes it), with and without the instance wrapper', () => {
    for (const name of [
      'lwm2m-tlv-device-object-spec-example-leshan-with-instance.hex',
      'lwm2m-tlv-device-object-spec-example-leshan-without-instance.hex',
    ]) {
      const values = decodeContent(CONTENT_FORMAT.TLV, hex(name), '/3/0');
      expect(values.get('/3/0/0')).toBe('Open Mobile Alliance');
      expect(values.get('/3/0/1')).toBe('Lightweight M2M Client');
      expect(values.get('/3/0/2')).toBe('345000123');
      expect(values.get('/3/0/3')).toBe('1.0');
      expect(values.get('/3/0/9')).toBe(100);
    }
  });

  it('decodes Object 5 State and Update Result (legacy 1542 too)', () => {
    const payload = encodeTlvIntegers([
      [3, 2],
      [5, 5],
    ]);
    expect([...decodeContent(CONTENT_FORMAT.TLV_LEGACY, payload, '/5/0')]).toEqual([
      ['/5/0/3', 2],
      ['/5/0/5', 5],
    ]);
  });

  it.each([
    ['a length past the end', Buffer.from([0xc8, 0x03, 0x10, 0x01])],
    ['a truncated identifier', Buffer.from([0xe1])],
    ['an integer of 3 bytes', Buffer.from([0xc3, 0x05, 0x00, 0x00, 0x01])],
  ])('refuses %s', (_name, payload) => {
    expect(() => decodeContent(CONTENT_FORMAT.TLV, payload, '/5/0')).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_LWM2M_MALFORMED_PAYLOAD' }),
    );
  });
});

describe('SenML and the other formats', () => {
  it('decodes the wakaama SenML CBOR sample (integer labels) and its SenML JSON twin to the same values', () => {
    const cbor = decodeContent(
      CONTENT_FORMAT.SENML_CBOR,
      hex('lwm2m-senml-cbor-object5-wakaama-test14-input.hex'),
      '/5/0/1',
    );
    const json = decodeContent(
      CONTENT_FORMAT.SENML_JSON,
      Buffer.from(fixture('lwm2m-senml-json-object5-wakaama-test14-expect.json')),
      '/5/0/1',
    );
    expect([...cbor]).toEqual([['/5/0/1/1', 'http']]);
    expect([...json]).toEqual([...cbor]);
  });

  it('decodes text, opaque, CBOR and LwM2M JSON', () => {
    expect(decodeContent(CONTENT_FORMAT.TEXT, Buffer.from('3'), '/5/0/3').get('/5/0/3')).toBe(3);
    expect(decodeContent(CONTENT_FORMAT.OPAQUE, Buffer.from([1, 2]), '/5/0/0').get('/5/0/0')).toEqual(
      Buffer.from([1, 2]),
    );
    expect(decodeContent(CONTENT_FORMAT.CBOR, Buffer.from([0x05]), '/5/0/5').get('/5/0/5')).toBe(5);
    const json = Buffer.from(
      JSON.stringify({
        bn: '/5/0/',
        e: [
          { n: '3', v: 3 },
          { n: '5', v: 0 },
          { n: '7', sv: '2.1.0' },
        ],
      }),
    );
    expect([...decodeContent(CONTENT_FORMAT.LWM2M_JSON, json, '/5/0')]).toEqual([
      ['/5/0/3', 3],
      ['/5/0/5', 0],
      ['/5/0/7', '2.1.0'],
    ]);
  });

  it('keeps SenML times: base time plus time, absolute from 2^28 s, relative to now below (RFC 8428 §4.5.3)', () => {
    const now = Date.UTC(2026, 11, 5);
    const json = Buffer.from(
      JSON.stringify([
        { bn: '/9/1/', bt: 1_796_000_000, n: '7', v: 3 },
        { n: '9', v: 58, t: 5 },
        { bn: '/5/0/', bt: -30, n: '5', v: 1 },
        { n: '3', v: 0, bt: undefined },
      ]),
    );
    const pack = decodeSenmlPack(CONTENT_FORMAT.SENML_JSON, json, now);
    expect([...pack.values]).toEqual([
      ['/9/1/7', 3],
      ['/9/1/9', 58],
      ['/5/0/5', 1],
      ['/5/0/3', 0],
    ]);
    expect(pack.times.get('/9/1/7')).toBe(1_796_000_000_000);
    expect(pack.times.get('/9/1/9')).toBe(1_796_000_005_000);
    expect(pack.times.get('/5/0/5')).toBe(now - 30_000);
    // SenML CBOR: bt is label -3, t label 6.
    const cbor = Buffer.from(
      encodeCbor([
        new Map<number, unknown>([
          [-3, 1_796_000_000],
          [-2, '/9/0/'],
          [0, '9'],
          [2, 58],
          [6, 1],
        ]),
      ]),
    );
    const fromCbor = decodeSenmlPack(CONTENT_FORMAT.SENML_CBOR, cbor, now);
    expect([...fromCbor.values]).toEqual([['/9/0/9', 58]]);
    expect(fromCbor.times.get('/9/0/9')).toBe(1_796_000_001_000);
    expect(
      decodeSenmlPack(CONTENT_FORMAT.SENML_JSON, Buffer.from('[{"n":"/5/0/3","v":1}]'), now).times.size,
    ).toBe(0);
  });

  it('refuses SenML times no date can hold, and a time that is not a number', () => {
    for (const bad of ['[{"n":"/5/0/3","v":1,"bt":1e300}]', '[{"n":"/5/0/3","v":1,"t":"soon"}]'])
      expect(() => decodeSenmlPack(CONTENT_FORMAT.SENML_JSON, Buffer.from(bad), Date.now())).toThrow(
        expect.objectContaining({ code: 'ROSETTA_ERR_LWM2M_MALFORMED_PAYLOAD' }),
      );
    expect(() => decodeSenmlPack(CONTENT_FORMAT.TLV, Buffer.alloc(0), Date.now())).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_LWM2M_UNSUPPORTED_FORMAT' }),
    );
  });

  it('refuses an unknown content format, non-integer text for an integer resource, and broken JSON', () => {
    expect(() => decodeContent(50, Buffer.from('{}'), '/5/0/3')).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_LWM2M_UNSUPPORTED_FORMAT' }),
    );
    expect(() => decodeContent(CONTENT_FORMAT.TEXT, Buffer.from('three'), '/5/0/3')).toThrow(
      /not an integer/,
    );
    expect(() => decodeContent(CONTENT_FORMAT.SENML_JSON, Buffer.from('[{'), '/5/0')).toThrow(/SenML JSON/);
  });
});

describe('link-format', () => {
  it('parses the registration payloads of wakaama and Leshan (quoted ct lists, ver attributes, root link)', () => {
    const wakaama = parseLinkFormat(
      fixture('lwm2m-register-linkformat-wakaama-core_registration_tests-with-rt.txt'),
    );
    expect(wakaama[0]).toEqual({ path: '/', attributes: { rt: 'oma.lwm2m', ct: '110' } });
    expect(wakaama.find((l) => l.path === '/5')).toEqual({ path: '/5', attributes: { ver: '1.0' } });
    const leshan = parseLinkFormat(
      fixture('lwm2m-register-linkformat-leshan-integration-RegistrationTest.txt'),
    );
    expect(leshan[0]?.attributes.ct).toBe('60 110 112 1542 1543 11542 11543');
    expect(
      parseLinkFormat(fixture('lwm2m-register-linkformat-leshan-server-RegistrationTest-object5.txt')).map(
        (l) => l.path,
      ),
    ).toContain('/5');
  });

  it.each(['</1/0', '1/0', '</1/0>;ct="110', '</1/0> </2>'])('refuses %s', (text) => {
    expect(() => parseLinkFormat(text)).toThrow(
      expect.objectContaining({ code: 'ROSETTA_ERR_LWM2M_BAD_LINK_FORMAT' }),
    );
  });
});
