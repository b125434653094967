import { expect, it } from 'vitest';
import { mismatches } from './match.ts';

it('reports each differing path of an expected subset, and nothing for a match', () => {
  const actual = { a: 1, b: { c: 'x', d: [1, 2] }, extra: true };
  expect(mismatches(actual, { a: 1, b: { d: [1, 2] } })).toEqual([]);
  expect(mismatches(actual, { a: 2, b: { c: 'y', d: [1] } })).toEqual([
    'a: expected 2, got 1',
    'b.c: expected "y", got "x"',
    'b.d: expected 1 item(s), got 2',
  ]);
  expect(mismatches(undefined, { a: 1 })).toEqual(['(root): expected an object, got undefined']);
});
