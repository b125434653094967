import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOCABULARIES } from '@rosetta/outcome-schema';
import profileSchema from '../schema/profile.schema.json' with { type: 'json' };
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import type { Profile } from './profiles.ts';
import { mappingsAjv } from './schemas.ts';
import { createTranslator, type Translator } from './translator.ts';
import type { CanonicalTable, VocabularyTable } from './types.ts';
import { checkCanonicalTable, checkVocabularyTable } from './validate-tables.ts';
import { newest } from './versions.ts';

export const TABLES_DIR = fileURLToPath(new URL('../tables/', import.meta.url));
export const PROFILES_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));

const validateProfile = mappingsAjv.compile<Profile>(profileSchema);

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

export function checkProfile(
  candidate: unknown,
  canonical: CanonicalTable,
  name: string,
  tables: readonly VocabularyTable[],
): Profile {
  if (!validateProfile(candidate)) {
    const problems = (validateProfile.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `${name}: ${problems.join('; ')}`);
  }
  const known = new Set(canonical.codes.map((c) => c.code));
  const dangling = candidate.rows.filter((row) => !known.has(row.canonical)).map((row) => row.canonical);
  if (dangling.length > 0) {
    throw new MappingsError(
      MAPPINGS_ERRORS.TABLE_INVALID,
      `${name}: unknown canonical codes ${dangling.join(', ')}`,
    );
  }
  const pinned = candidate.tableVersion;
  if (pinned && !tables.some((t) => t.vocabulary === candidate.vocabulary && t.version === pinned)) {
    throw new MappingsError(
      MAPPINGS_ERRORS.TABLE_INVALID,
      `${name}: pins ${candidate.vocabulary} ${pinned}, which was never published`,
    );
  }
  return candidate;
}

export interface LoadedTables {
  canonical: CanonicalTable;
  /** Every published version of every vocabulary's table (`tables/<vocabulary>/<version>.json`). */
  tables: VocabularyTable[];
  profiles: Profile[];
}

/** The `<version>.json` files of one table's directory, each checked to be the version its name says. */
function readVersions<T extends { version: string }>(
  dir: string,
  check: (candidate: unknown, name: string) => T & { vocabulary?: string },
  expectedVocabulary?: string,
): T[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const name = `${basename(dir)}/${file}`;
      const table = check(readJson(join(dir, file)), name);
      if (
        `${table.version}.json` !== file ||
        (expectedVocabulary && table.vocabulary !== expectedVocabulary)
      ) {
        throw new MappingsError(
          MAPPINGS_ERRORS.TABLE_INVALID,
          `${name}: holds ${table.vocabulary ?? 'canonical'} ${table.version}; a table lives in tables/<vocabulary>/<version>.json`,
        );
      }
      return table;
    });
}

/** Reads and validates every table version and profile; throws MappingsError on the first invalid file. */
export function readTables(tablesDir = TABLES_DIR, profilesDir = PROFILES_DIR): LoadedTables {
  const canonical = newest(readVersions(join(tablesDir, 'canonical'), checkCanonicalTable));
  if (!canonical) throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, 'no canonical table');
  const tables = VOCABULARIES.flatMap((vocabulary) =>
    readVersions(
      join(tablesDir, vocabulary),
      (candidate, name) => checkVocabularyTable(candidate, canonical, name),
      vocabulary,
    ),
  );
  const profiles = readdirSync(profilesDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => checkProfile(readJson(join(profilesDir, file)), canonical, file, tables));
  return { canonical, tables, profiles };
}

let standard: Translator | undefined;

/** The translator over the tables shipped in this package, built once on first use. */
export function standardTranslator(): Translator {
  if (!standard) {
    const { canonical, tables, profiles } = readTables();
    standard = createTranslator(canonical, tables, profiles);
  }
  return standard;
}
