import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWbxml, encodeWbxml, parseXml, readSyncML, SyncMLError } from './index.ts';

// Property: any input either decodes or fails with SyncMLError — never another exception, never unbounded work.
const FIXTURES = new URL('../../fixtures/', import.meta.url);
const samples = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('omadm-') && f.endsWith('.xml'))
  .map((f) => readFileSync(new URL(f, FIXTURES), 'utf8'));
const wbxmlSamples = samples.flatMap((xml) => {
  try {
    return [encodeWbxml(parseXml(xml))];
  } catch {
    return [];
  }
});

function decodesOrRefuses(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof SyncMLError)) throw error;
  }
}

/** Flips, inserts and deletes bytes of a valid message: the inputs a fuzzer reaches that random bytes do not. */
const mutated = (seeds: readonly Uint8Array[]) =>
  fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(
        fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')),
        {
          maxLength: 8,
        },
      ),
    )
    .map(([seed, edits]) => {
      const bytes = [...seed];
      for (const [at, value, kind] of edits) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (kind === 'set') bytes[i] = value;
        else if (kind === 'insert') bytes.splice(i, 0, value);
        else bytes.splice(i, 1);
      }
      return Uint8Array.from(bytes);
    });

describe('SyncML decoders under fuzzing', () => {
  it('decodeWbxml + readSyncML: random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) =>
        decodesOrRefuses(() => readSyncML(decodeWbxml(bytes))),
      ),
      { numRuns: 3000 },
    );
  });

  it('decodeWbxml + readSyncML: mutated real messages', () => {
    expect(wbxmlSamples.length).toBeGreaterThan(2);
    fc.assert(
      fc.property(mutated(wbxmlSamples), (bytes) => decodesOrRefuses(() => readSyncML(decodeWbxml(bytes)))),
      { numRuns: 3000 },
    );
  });

  it('parseXml + readSyncML: random text and mutated real messages', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) =>
        decodesOrRefuses(() => readSyncML(parseXml(text))),
      ),
      { numRuns: 2000 },
    );
    const seeds = samples.map((xml) => new TextEncoder().encode(xml));
    fc.assert(
      fc.property(mutated(seeds), (bytes) =>
        decodesOrRefuses(() => readSyncML(parseXml(Buffer.from(bytes).toString('utf8')))),
      ),
      { numRuns: 2000 },
    );
  });

  it('parseXml: markup soup built from XML tokens', () => {
    const token = fc.constantFrom(
      '<SyncML>',
      '</SyncML>',
      '<Item>',
      '</Item>',
      '<Data>',
      '</Data>',
      '<Final/>',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '&amp;',
      '&#x10FFFF;',
      '&#1114112;',
      '&x;',
      ' a="1"',
      '"',
      "'",
      '<?xml version="1.0"?>',
      '<!DOCTYPE x>',
      'text',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) =>
        decodesOrRefuses(() => readSyncML(parseXml(tokens.join('')))),
      ),
      { numRuns: 3000 },
    );
  });
});
