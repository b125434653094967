import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES_DIR } from './load.ts';
import { extendLock, hashTables, LOCK_FILE, type TableLock } from './table-lock.ts';

// `pnpm --filter @rosetta/mappings tables:lock`: records the hash of each newly published table version.
const path = join(TABLES_DIR, LOCK_FILE);
const lock = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TableLock) : {};
try {
  const next = extendLock(lock, hashTables(TABLES_DIR));
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`${LOCK_FILE}: ${Object.keys(next).length} published table versions`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
