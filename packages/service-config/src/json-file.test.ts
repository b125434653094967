import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from './json-file.ts';
import { ConfigError } from './load.ts';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['tenants'],
  properties: {
    tenants: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
} as const;

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'rosetta-json-')), 'secret.json');
  writeFileSync(path, text);
  return path;
};

function problems(path: string): string[] {
  try {
    readJsonFile('demo', path, schema);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readJsonFile', () => {
  it('returns what the schema describes', () => {
    expect(readJsonFile('demo', file('{"tenants":{"acme":["t1"]}}'), schema).tenants.acme).toEqual(['t1']);
  });

  it('names the file and every problem: unreadable, not JSON, not what the schema says', () => {
    expect(problems('/nonexistent/secret.json')[0]).toMatch(/^\/nonexistent\/secret.json: ENOENT/);
    expect(problems(file('{"tenants":'))[0]).toMatch(/secret.json: .*JSON/);
    const path = file('{"tenants":{"acme":"t1"},"extra":1}');
    expect(problems(path)).toEqual([
      `${path}: (root) must NOT have additional properties`,
      `${path}: /tenants/acme must be array`,
    ]);
  });
});
