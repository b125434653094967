import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseObjects, parseRegister, parseUpdate } from './registration.ts';

// Property: the registration interface's parsers answer every query and payload with a value or a 4.00, never throw.
describe('registration parsers under fuzzing', () => {
  it('parseRegister and parseUpdate: any query string', () => {
    const part = fc.oneof(
      fc.string({ maxLength: 40, unit: 'binary' }),
      fc.constantFrom(
        'ep=a',
        'lt=60',
        'lt=-1',
        'lt=1e9',
        'b=U',
        'lwm2m=1.1',
        'ep=%',
        'ep=%E0%A4%A',
        'ep=',
        'Q',
      ),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const query = parts.join('&');
        for (const parsed of [parseRegister(query), parseUpdate(query)])
          expect(parsed.ok || parsed.code === '4.00').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('parseObjects: any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const parsed = parseObjects(Buffer.from(bytes));
        expect(parsed.ok || parsed.code === '4.00').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
