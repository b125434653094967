import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES_DIR } from './load.ts';
import { extendLock, hashTables, LOCK_FILE, lockProblems, type TableLock, tableHash } from './table-lock.ts';

const lock = JSON.parse(readFileSync(join(TABLES_DIR, LOCK_FILE), 'utf8')) as TableLock;

describe('published tables never change', () => {
  it('every table version in the package is locked, unchanged, and none was removed', () => {
    expect(lockProblems(lock, hashTables(TABLES_DIR))).toEqual([]);
  });

  it('the hash ignores formatting and $schema, and sees any change of content', () => {
    const table = { $schema: '../x.json', version: '1.0.0', rows: [{ code: '1', canonical: 'A' }] };
    const base = tableHash(JSON.stringify(table));
    expect(tableHash(JSON.stringify(table, null, 4))).toBe(base);
    expect(tableHash(JSON.stringify({ ...table, $schema: '../../x.json' }))).toBe(base);
    expect(tableHash(JSON.stringify({ ...table, rows: [{ code: '1', canonical: 'B' }] }))).not.toBe(base);
  });

  it('an edited or deleted published version is reported; a new one must be locked', () => {
    const published = { 'a/1.0.0.json': 'sha256-1', 'a/1.1.0.json': 'sha256-2' };
    expect(lockProblems(published, { 'a/1.0.0.json': 'sha256-1', 'a/1.1.0.json': 'sha256-X' })).toEqual([
      'a/1.1.0.json was published and has changed: publish the change as a new version',
    ]);
    expect(lockProblems(published, { 'a/1.1.0.json': 'sha256-2' })).toEqual([
      'a/1.0.0.json was published and is gone: published versions stay',
    ]);
    expect(lockProblems(published, { ...published, 'a/1.2.0.json': 'sha256-3' })).toEqual([
      'a/1.2.0.json is not in tables.lock.json: run pnpm --filter @rosetta/mappings tables:lock',
    ]);
  });

  it('locking adds new versions and refuses a changed one', () => {
    const published = { 'a/1.0.0.json': 'sha256-1' };
    expect(extendLock(published, { ...published, 'a/1.1.0.json': 'sha256-2' })).toEqual({
      'a/1.0.0.json': 'sha256-1',
      'a/1.1.0.json': 'sha256-2',
    });
    expect(() => extendLock(published, { 'a/1.0.0.json': 'sha256-9' })).toThrow(/has changed/);
  });
});
