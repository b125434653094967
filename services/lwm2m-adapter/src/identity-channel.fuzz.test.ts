import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIdentityMessage } from './identity-channel.ts';

describe('parseIdentityMessage', () => {
  it('accepts bind and unbind with a valid port, endpoint and identity', () => {
    expect(
      parseIdentityMessage('{"op":"bind","port":40001,"endpoint":"urn:dev:a","identity":"psk:a"}'),
    ).toEqual({ op: 'bind', port: 40001, endpoint: 'urn:dev:a', identity: 'psk:a' });
    expect(parseIdentityMessage('{"op":"unbind","port":40001}')).toEqual({ op: 'unbind', port: 40001 });
  });

  it.each([
    ['not JSON', 'bind 40001 urn:dev:a'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['an unknown op', '{"op":"grant","port":1}'],
    ['port 0', '{"op":"unbind","port":0}'],
    ['port over 65535', '{"op":"unbind","port":65536}'],
    ['a fractional port', '{"op":"unbind","port":1.5}'],
    ['a port as text', '{"op":"unbind","port":"1"}'],
    ['an empty endpoint', '{"op":"bind","port":1,"endpoint":"","identity":"x"}'],
    ['an endpoint over 255', `{"op":"bind","port":1,"endpoint":"${'e'.repeat(256)}","identity":"x"}`],
    ['no identity', '{"op":"bind","port":1,"endpoint":"e"}'],
  ])('refuses %s', (_name, line) => {
    expect(parseIdentityMessage(line)).toBeUndefined();
  });

  it('answers any line with a message or undefined, never throws', () => {
    const value = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.double());
    const message = fc.record(
      { op: fc.constantFrom('bind', 'unbind', 'x'), port: value, endpoint: value, identity: value },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          message.map((m) => JSON.stringify(m)),
        ),
        (line) => {
          const parsed = parseIdentityMessage(line);
          if (parsed)
            expect(Number.isInteger(parsed.port) && parsed.port > 0 && parsed.port < 65536).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
