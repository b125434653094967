import type { Vocabulary } from '@rosetta/outcome-schema';
import schema from '../schema/code-keys.schema.json' with { type: 'json' };
import { dataFile } from './data-file.ts';
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';

export interface CodeKeyFormat {
  format: string;
  note: string;
}

export interface CodeKeyTable {
  table: 'CODE_KEYS';
  version: string;
  vocabularies: Partial<Record<Vocabulary, Record<string, CodeKeyFormat>>>;
}

const file = dataFile<CodeKeyTable>(schema, new URL('../code-keys/code-keys.json', import.meta.url));

export const checkCodeKeys = file.check;

/** The code-key formats shipped in this package (`code-keys/code-keys.json`), read once. */
export const codeKeyTable = file.standard;

function formatOf(vocabulary: Vocabulary, kind: string, table: CodeKeyTable): string {
  const kinds = table.vocabularies[vocabulary];
  const format = kinds && Object.hasOwn(kinds, kind) ? kinds[kind]?.format : undefined;
  if (format === undefined)
    throw new MappingsError(MAPPINGS_ERRORS.CODE_KEY_UNKNOWN, `${vocabulary} declares no code key "${kind}"`);
  return format;
}

/**
 * The code a vocabulary's tables are keyed by, for a value of one kind (e.g. lwm2m-fw `state` 3 → `state/3`). An
 * unknown kind is a programming error and throws; the value is used as reported (the adapters bound its length).
 */
export function codeKey(
  vocabulary: Vocabulary,
  kind: string,
  value: string | number,
  operation?: string,
  table: CodeKeyTable = codeKeyTable(),
): string {
  const format = formatOf(vocabulary, kind, table);
  if (format.includes('{operation}') !== (operation !== undefined))
    throw new MappingsError(
      MAPPINGS_ERRORS.CODE_KEY_UNKNOWN,
      `${vocabulary} code key "${kind}" ${operation === undefined ? 'needs an' : 'takes no'} operation`,
    );
  return format.replace('{operation}', operation ?? '').replace('{value}', String(value));
}

/** A pattern matching every key of one format (for checking the tables against the declared formats). */
export function codeKeyPattern(format: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [before = '', after = ''] = format.split('{value}');
  return new RegExp(`^${literal(before).replace(literal('{operation}'), '[a-z-]+')}[^/]+${literal(after)}$`);
}
