import type { OutcomeDetail, Vocabulary } from '@rosetta/outcome-schema';
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import type { Profile } from './profiles.ts';
import type { CanonicalCode, CanonicalTable, TableRow, Translation, VocabularyTable } from './types.ts';
import { newest } from './versions.ts';

export interface CompiledVocabulary {
  table: VocabularyTable;
  exact: ReadonlyMap<string, Translation>;
  ranges: ReadonlyMap<string, readonly { from: number; to: number; translation: Translation }[]>;
  aliases: readonly { pattern: RegExp; target: string }[];
  unmapped: readonly {
    pattern: RegExp;
    status: OutcomeDetail['status'];
    category: OutcomeDetail['category'];
  }[];
}

export interface Translator {
  readonly canonical: CanonicalTable;
  readonly canonicalByCode: ReadonlyMap<string, CanonicalCode>;
  /** The newest published table of each vocabulary: what a result without a pinning profile is translated with. */
  readonly vocabularies: ReadonlyMap<Vocabulary, CompiledVocabulary>;
  /** Every published version of each vocabulary's table, by version. */
  readonly versions: ReadonlyMap<Vocabulary, ReadonlyMap<string, CompiledVocabulary>>;
  readonly profiles: ReadonlyMap<string, Profile>;
  /** Never throws for an unknown code: that is an UNMAPPED translation. Throws only for an unknown vocabulary or profile. */
  translate(vocabulary: Vocabulary, code: string, profile?: string): Translation;
}

/**
 * Codes longer than this are never looked up: no table has one, and it bounds what the tables' patterns can cost.
 * The adapters refuse longer codes at the door; this guards replay and import of older history.
 */
export const MAX_CODE_LENGTH = 256;

/** "UPD4_FAIL_504" → prefix "UPD4_FAIL_", number 504 (a trailing, optionally negative integer); one backward pass. */
function splitNumbered(code: string): { prefix: string; n: number } | undefined {
  let start = code.length;
  while (start > 0 && code.charCodeAt(start - 1) >= 0x30 && code.charCodeAt(start - 1) <= 0x39) start -= 1;
  if (start === code.length) return undefined;
  if (start > 0 && code[start - 1] === '-') start -= 1;
  return { prefix: code.slice(0, start), n: Number(code.slice(start)) };
}

const SUMMARY_CODE_CHARS = 64;
const quoted = (code: string): string =>
  JSON.stringify(code.length > SUMMARY_CODE_CHARS ? `${code.slice(0, SUMMARY_CODE_CHARS)}…` : code);

function outcomeOf(canonical: CanonicalCode): OutcomeDetail {
  const { status, category, retryable, final, summary } = canonical;
  return Object.freeze({ code: canonical.code, status, category, retryable, final, summary });
}

function rowTranslation(
  table: VocabularyTable,
  row: TableRow,
  canonical: CanonicalCode,
  profile?: { name: string },
): Translation {
  return Object.freeze({
    vocabulary: table.vocabulary,
    code: row.code,
    row,
    canonical,
    outcome: outcomeOf(canonical),
    stage: row.stage,
    operation: row.operation ?? table.operation,
    fidelity: row.fidelity,
    description: row.description,
    table: table.table,
    version: table.version,
    ...(profile ? { profile: profile.name } : {}),
  });
}

/** Tables are checked for dangling canonical codes at load; a miss here is a table that skipped that check. */
function canonicalOf(canonicalByCode: ReadonlyMap<string, CanonicalCode>, code: string): CanonicalCode {
  const found = canonicalByCode.get(code);
  if (!found) throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `unknown canonical code ${code}`);
  return found;
}

export function compileVocabulary(
  table: VocabularyTable,
  canonicalByCode: ReadonlyMap<string, CanonicalCode>,
) {
  const exact = new Map<string, Translation>();
  const ranges = new Map<string, { from: number; to: number; translation: Translation }[]>();
  for (const row of table.rows) {
    const translation = rowTranslation(table, row, canonicalOf(canonicalByCode, row.canonical));
    if (row.range) {
      const list = ranges.get(row.range.prefix) ?? [];
      list.push({ from: row.range.from, to: row.range.to, translation });
      ranges.set(row.range.prefix, list);
    } else {
      exact.set(row.code, translation);
    }
  }
  return Object.freeze({
    table,
    exact,
    ranges,
    aliases: (table.aliases ?? []).map((a) => ({ pattern: new RegExp(a.pattern), target: a.target })),
    unmapped: table.unmapped.map((u) => ({
      pattern: new RegExp(u.pattern),
      status: u.status,
      category: u.category,
    })),
  });
}

function findRow(compiled: CompiledVocabulary, code: string): Translation | undefined {
  const hit = compiled.exact.get(code);
  if (hit) return hit;
  const numbered = splitNumbered(code);
  if (numbered) {
    const { prefix, n } = numbered;
    const range = compiled.ranges.get(prefix)?.find((r) => n >= r.from && n <= r.to);
    if (range) return { ...range.translation, code };
  }
  for (const alias of compiled.aliases) {
    if (alias.pattern.test(code)) {
      const target = compiled.exact.get(code.replace(alias.pattern, alias.target));
      if (target) return { ...target, code };
    }
  }
  return undefined;
}

function unmappedTranslation(
  compiled: CompiledVocabulary,
  code: string,
  unmapped: CanonicalCode,
): Translation {
  const rule =
    code.length > MAX_CODE_LENGTH ? undefined : compiled.unmapped.find((u) => u.pattern.test(code));
  const base = outcomeOf(unmapped);
  const outcome: OutcomeDetail = {
    ...base,
    status: rule?.status ?? base.status,
    category: rule?.category ?? base.category,
    summary: `Code ${quoted(code)} is not in the ${compiled.table.vocabulary} table; kept as received.`,
  };
  const { table } = compiled;
  return {
    vocabulary: table.vocabulary,
    code,
    row: undefined,
    canonical: unmapped,
    outcome,
    stage: 'unknown',
    operation: table.operation,
    fidelity: 'unmapped',
    description: null,
    table: table.table,
    version: table.version,
  };
}

/** Every version compiled, per vocabulary; the newest of each is the default. */
function compileVersions(
  tables: readonly VocabularyTable[],
  canonicalByCode: ReadonlyMap<string, CanonicalCode>,
) {
  const versions = new Map<Vocabulary, Map<string, CompiledVocabulary>>();
  for (const table of tables) {
    const byVersion = versions.get(table.vocabulary) ?? new Map<string, CompiledVocabulary>();
    byVersion.set(table.version, compileVocabulary(table, canonicalByCode));
    versions.set(table.vocabulary, byVersion);
  }
  const vocabularies = new Map<Vocabulary, CompiledVocabulary>();
  for (const [vocabulary, byVersion] of versions) {
    const latest = newest([...byVersion.keys()].map((version) => ({ version })));
    const compiled = latest && byVersion.get(latest.version);
    if (compiled) vocabularies.set(vocabulary, compiled);
  }
  return { versions, vocabularies };
}

export function createTranslator(
  canonical: CanonicalTable,
  tables: readonly VocabularyTable[],
  profiles: readonly Profile[] = [],
): Translator {
  const canonicalByCode = new Map(canonical.codes.map((c) => [c.code, c]));
  const { versions, vocabularies } = compileVersions(tables, canonicalByCode);
  const profileMap = new Map(profiles.map((p) => [p.name, p]));
  const baseOf = (p: Profile): CompiledVocabulary => {
    const base =
      (p.tableVersion ? versions.get(p.vocabulary)?.get(p.tableVersion) : undefined) ??
      vocabularies.get(p.vocabulary);
    if (!base)
      throw new MappingsError(
        MAPPINGS_ERRORS.UNKNOWN_VOCABULARY,
        `profile ${p.name}: no ${p.vocabulary} table`,
      );
    return base;
  };
  const profileBases = new Map(profiles.map((p) => [p.name, baseOf(p)]));
  const profileRows = new Map(
    profiles.map((p) => {
      const base = baseOf(p).table;
      const rows = p.rows.map(
        (row) =>
          [row.code, rowTranslation(base, row, canonicalOf(canonicalByCode, row.canonical), p)] as const,
      );
      return [p.name, new Map(rows)] as const;
    }),
  );
  const unmapped = canonicalOf(canonicalByCode, 'UNMAPPED');

  return {
    canonical,
    canonicalByCode,
    vocabularies,
    versions,
    profiles: profileMap,
    translate(vocabulary, rawCode, profile) {
      let compiled = vocabularies.get(vocabulary);
      if (!compiled)
        throw new MappingsError(MAPPINGS_ERRORS.UNKNOWN_VOCABULARY, `no table for ${vocabulary}`);
      const code = rawCode.trim();
      if (profile !== undefined) {
        const overrides = profileRows.get(profile);
        if (!overrides) throw new MappingsError(MAPPINGS_ERRORS.UNKNOWN_PROFILE, `no profile ${profile}`);
        if (profileMap.get(profile)?.vocabulary === vocabulary) {
          const hit = overrides.get(code);
          if (hit) return hit;
          compiled = profileBases.get(profile) ?? compiled;
        }
      }
      const row = code.length > MAX_CODE_LENGTH ? undefined : findRow(compiled, code);
      return row ?? unmappedTranslation(compiled, code, unmapped);
    },
  };
}
