import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EasCodecError } from './errors.ts';
import { PROVISION_SAMPLES } from './provision.samples.ts';
import { decodeProvision } from './provision.ts';

// Property: any text either decodes to statuses that are non-empty strings, or fails with EasCodecError — never
// another exception.
const seeds: string[] = Object.values(PROVISION_SAMPLES);

function decodesOrRefuses(xml: string): void {
  try {
    const statuses = decodeProvision(xml);
    for (const value of Object.values(statuses))
      expect(typeof value === 'string' && value.length > 0).toBe(true);
  } catch (error) {
    if (!(error instanceof EasCodecError)) throw error;
  }
}

const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 4 }), fc.boolean()), { maxLength: 8 }),
  )
  .map(([seed, edits]) =>
    edits.reduce<string>((text, [at, insert, remove]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(remove ? i + 1 : i);
    }, seed),
  );

describe('decodeProvision fuzz', () => {
  it('mutated Provision documents decode or are refused with EasCodecError', () => {
    fc.assert(fc.property(mutated, decodesOrRefuses), { numRuns: 2000 });
  });

  it('arbitrary text decodes or is refused with EasCodecError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 512 }), decodesOrRefuses), { numRuns: 2000 });
  });
});
