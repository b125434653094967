import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<table dir>/<version>.json` → content hash of every table ever published. */
export type TableLock = Record<string, string>;

export const LOCK_FILE = 'tables.lock.json';

/**
 * The hash of a table's content: its JSON without `$schema`, re-serialized, so that reformatting the file or moving
 * the schema does not count as a change and any change of a row, rule or field does.
 */
export function tableHash(text: string): string {
  const { $schema: _schema, ...content } = JSON.parse(text) as Record<string, unknown>;
  return `sha256-${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}

/** Every table file under `tablesDir` (one directory per table, one file per version) with its hash. */
export function hashTables(tablesDir: string): TableLock {
  const hashes: TableLock = {};
  for (const dir of readdirSync(tablesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(tablesDir, dir.name))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      hashes[`${dir.name}/${file}`] = tableHash(readFileSync(join(tablesDir, dir.name, file), 'utf8'));
    }
  }
  return hashes;
}

/** What breaks the rule "a published version never changes": edited, deleted and not yet locked versions. */
export function lockProblems(lock: TableLock, current: TableLock): string[] {
  const problems: string[] = [];
  for (const [path, hash] of Object.entries(lock)) {
    if (!(path in current)) problems.push(`${path} was published and is gone: published versions stay`);
    else if (current[path] !== hash)
      problems.push(`${path} was published and has changed: publish the change as a new version`);
  }
  for (const path of Object.keys(current)) {
    if (!(path in lock))
      problems.push(`${path} is not in ${LOCK_FILE}: run pnpm --filter @rosetta/mappings tables:lock`);
  }
  return problems;
}

/** The lock with the new versions added; refuses when a published version changed or disappeared. */
export function extendLock(lock: TableLock, current: TableLock): TableLock {
  const broken = lockProblems(lock, current).filter((p) => !p.includes(`not in ${LOCK_FILE}`));
  if (broken.length > 0) throw new Error(broken.join('\n'));
  return Object.fromEntries(Object.entries({ ...lock, ...current }).sort(([a], [b]) => a.localeCompare(b)));
}
