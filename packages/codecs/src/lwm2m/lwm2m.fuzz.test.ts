import fc from 'fast-check';
import { describe, it } from 'vitest';
import { CONTENT_FORMAT, decodeContent, decodeSenmlPack, Lwm2mCodecError, parseLinkFormat } from './index.ts';

function decodesOrRefuses(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof Lwm2mCodecError)) throw error;
  }
}

const FORMATS = Object.values(CONTENT_FORMAT);
const PATHS = ['/5/0', '/5/0/3', '/5/0/5', '/3/0', '/5'];

describe('LwM2M decoders under fuzzing', () => {
  it('decodeContent: random bytes in every content format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS, 9999),
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom(...PATHS),
        (format, bytes, path) => decodesOrRefuses(() => decodeContent(format, bytes, path)),
      ),
      { numRuns: 5000 },
    );
  });

  it('decodeContent: random JSON values as SenML JSON and LwM2M JSON', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(CONTENT_FORMAT.SENML_JSON, CONTENT_FORMAT.LWM2M_JSON),
        fc.jsonValue({ maxDepth: 6 }),
        (format, value) =>
          decodesOrRefuses(() =>
            decodeContent(format, new TextEncoder().encode(JSON.stringify(value)), '/5/0'),
          ),
      ),
      { numRuns: 3000 },
    );
  });

  it('decodeSenmlPack: random records with base times and times (Send)', () => {
    const record = fc.record(
      {
        bn: fc.constantFrom('/5/0/', '/9/1/', ''),
        bt: fc.oneof(fc.double(), fc.integer()),
        n: fc.constantFrom('3', '5', '7', '9', '/9/2/9'),
        v: fc.oneof(fc.integer(), fc.double()),
        t: fc.oneof(fc.double(), fc.integer(), fc.string()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) =>
        decodesOrRefuses(() =>
          decodeSenmlPack(CONTENT_FORMAT.SENML_JSON, new TextEncoder().encode(JSON.stringify(records)), 0),
        ),
      ),
      { numRuns: 3000 },
    );
  });

  it('decodeContent: deep CBOR and JSON nesting is refused, not a stack overflow', () => {
    for (const format of [CONTENT_FORMAT.CBOR, CONTENT_FORMAT.SENML_CBOR])
      decodesOrRefuses(() => decodeContent(format, new Uint8Array(60_000).fill(0x81), '/5/0'));
    for (const format of [CONTENT_FORMAT.SENML_JSON, CONTENT_FORMAT.LWM2M_JSON])
      decodesOrRefuses(() => decodeContent(format, new TextEncoder().encode('['.repeat(60_000)), '/5/0'));
  });

  it('parseLinkFormat: random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) =>
        decodesOrRefuses(() => parseLinkFormat(text)),
      ),
      { numRuns: 3000 },
    );
  });
});
