import { expect, it } from 'vitest';
import { contentRecordId } from './ingest.ts';

// Record ids are in topics already written: the same parts must keep giving the same id, byte for byte.
it('gives the ids it always gave: sha256 over each part followed by U+001F', () => {
  expect(contentRecordId('acme', 'dev-1', 'ab12', '/5/0', 'c10300', '1')).toBe(
    'sha256:705b4d26edac02d54d041bff021a5b17',
  );
  expect(contentRecordId('acme', Buffer.from([0xff, 0x00, 0x1f]), 'é')).toBe(
    'sha256:7f9767968411a5db80591d210a5a9a32',
  );
  expect(contentRecordId()).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb924');
});

it('tells parts apart from their concatenation', () => {
  expect(contentRecordId('ab', 'c')).not.toBe(contentRecordId('a', 'bc'));
});
