import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOutcome } from './validate.ts';

const examplesDir = new URL('../examples/', import.meta.url);
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, examplesDir), 'utf8')) as Record<string, unknown>;

describe('validateOutcome', () => {
  it.each(examples)('accepts the example %s', (name) => {
    expect(validateOutcome(load(name))).toEqual({ ok: true, outcome: load(name) });
  });

  it('rejects a record missing required fields and names each one', () => {
    const { tenant: _tenant, mapping: _mapping, ...rest } = load('firmware-integrity-failed.json');
    const result = validateOutcome(rest);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual(
      expect.arrayContaining([
        "(root) must have required property 'tenant'",
        "(root) must have required property 'mapping'",
      ]),
    );
  });

  it('rejects an unknown status and lists the allowed ones', () => {
    const record = load('firmware-integrity-failed.json');
    const outcome = { ...(record.outcome as object), status: 'exploded' };
    const result = validateOutcome({ ...record, outcome });
    expect(result.ok ? [] : result.errors).toEqual([
      '/outcome/status must be equal to one of the allowed values (["succeeded","failed","cancelled","in_progress","unknown"])',
    ]);
  });

  it('rejects a lower-case canonical code, an unknown protocol and an extra field', () => {
    const record = load('firmware-integrity-failed.json');
    const result = validateOutcome({
      ...record,
      outcome: { ...(record.outcome as object), code: 'integrity' },
      source: { ...(record.source as object), protocol: 'snmp' },
      extra: 1,
    });
    expect(result.ok ? [] : result.errors).toEqual(
      expect.arrayContaining([
        "(root) must NOT have additional properties 'extra'",
        '/outcome/code must match pattern "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"',
        expect.stringMatching(/^\/source\/protocol must be equal to one of the allowed values/),
      ]),
    );
  });

  it('rejects a malformed timestamp', () => {
    const result = validateOutcome({ ...load('firmware-integrity-failed.json'), occurredAt: 'yesterday' });
    expect(result.ok ? [] : result.errors).toEqual(['/occurredAt must match format "date-time"']);
  });
});
