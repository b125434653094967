import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_ERRORS, JsonCodecError, parseJson } from './index.ts';

const codeOf = (text: string) => {
  try {
    parseJson(text);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(JsonCodecError);
    return (error as JsonCodecError).code;
  }
};

describe('parseJson', () => {
  it('parses what JSON.parse parses, within the limits', () => {
    expect(parseJson('{"a":[1,{"b":"[[[["}]}')).toEqual({ a: [1, { b: '[[[[' }] });
    expect(parseJson('"\\"[\\\\"')).toBe('"[\\');
  });

  it('refuses 100,000 levels of nesting before JSON.parse recurses', () => {
    expect(codeOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(JSON_ERRORS.LIMIT_EXCEEDED);
    expect(codeOf(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)).toBe(JSON_ERRORS.LIMIT_EXCEEDED);
  });

  it('refuses over-long text, __proto__ keys and malformed JSON with typed errors', () => {
    expect(() => parseJson('"xx"', { maxDepth: 4, maxLength: 3 })).toThrow(JsonCodecError);
    expect(codeOf('{"a":{"__proto__":{"polluted":1}}}')).toBe(JSON_ERRORS.MALFORMED);
    expect(codeOf('{"a":')).toBe(JSON_ERRORS.MALFORMED);
    expect(codeOf('')).toBe(JSON_ERRORS.MALFORMED);
  });

  it('agrees with JSON.parse on any JSON value (fuzzed), and fails only with its typed error on any text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
        const text = JSON.stringify(value);
        if (text.includes('"__proto__"')) return; // refused on purpose, tested above
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseJson(text);
        } catch (error) {
          if (!(error instanceof JsonCodecError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
