import { describe, expect, it } from 'vitest';
import { checkCodeKeys, codeKey, codeKeyPattern, codeKeyTable } from './code-keys.ts';
import { readTables } from './load.ts';
import { newest } from './versions.ts';

const { tables } = readTables();
const declared = codeKeyTable().vocabularies;

describe('code keys', () => {
  it('every row of every published table is spelled in a format its vocabulary declares (or reached by an alias)', () => {
    const strays = tables.flatMap((table) => {
      const formats = Object.values(declared[table.vocabulary] ?? {}).map((k) => k.format);
      const patterns = formats.map(codeKeyPattern);
      // A key an adapter builds (any operation) that an alias of the table rewrites to this row's code.
      const aliased = (code: string) =>
        formats.some((format) => {
          const key = format.replace('{operation}', 'read').replace('{value}', code);
          return (table.aliases ?? []).some((a) => key.replace(new RegExp(a.pattern), a.target) === code);
        });
      return table.rows
        .filter((row) => !patterns.some((p) => p.test(row.code)) && !aliased(row.code))
        .map((row) => `${table.vocabulary} ${table.version}: ${row.code}`);
    });
    expect(strays).toEqual([]);
  });

  it('every declared kind keys at least one row of its newest table', () => {
    const unused = Object.entries(declared).flatMap(([vocabulary, kinds]) => {
      const latest = newest(tables.filter((t) => t.vocabulary === vocabulary));
      return Object.entries(kinds).flatMap(([kind, { format }]) =>
        latest?.rows.some((row) => codeKeyPattern(format).test(row.code)) ? [] : [`${vocabulary} ${kind}`],
      );
    });
    expect(unused).toEqual([]);
  });

  it('builds the keys the adapters publish', () => {
    expect(codeKey('lwm2m-fw', 'state', 3)).toBe('state/3');
    expect(codeKey('lwm2m-fw', 'update-result', 5)).toBe('5');
    expect(codeKey('lwm2m-coap', 'response', '4.04', 'read')).toBe('read/4.04');
    expect(codeKey('pelion-update', 'deployment', 'deployed')).toBe('deployment/deployed');
    expect(codeKey('eas-provision', 'policy-ack', '1')).toBe('policy-ack/1');
  });

  it('refuses a kind the vocabulary does not declare, and a missing or extra operation', () => {
    expect(() => codeKey('knox-efota', 'state', 1)).toThrow(/ROSETTA_ERR_MAPPINGS_CODE_KEY_UNKNOWN.*"state"/);
    expect(() => codeKey('lwm2m-fw', 'toString', 1)).toThrow(/CODE_KEY_UNKNOWN/);
    expect(() => codeKey('lwm2m-coap', 'response', '2.05')).toThrow(/needs an operation/);
    expect(() => codeKey('lwm2m-fw', 'state', 1, 'read')).toThrow(/takes no operation/);
  });

  it('the schema refuses a format with other placeholders and an unknown vocabulary', () => {
    const table = (vocabularies: unknown) => ({ table: 'CODE_KEYS', version: '1.0.0', vocabularies });
    expect(() =>
      checkCodeKeys(table({ 'lwm2m-fw': { s: { format: 'state/{code}', note: 'x' } } }), 't'),
    ).toThrow(/TABLE_INVALID/);
    expect(() => checkCodeKeys(table({ 'oma-scomo': { s: { format: '{value}', note: 'x' } } }), 't')).toThrow(
      /TABLE_INVALID/,
    );
  });
});
