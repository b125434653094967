import { LIFECYCLE_RULES, type LifecycleRules } from '@rosetta/lifecycle';
import { describe, expect, it } from 'vitest';
import { canonicalRows } from './app.ts';

describe('canonicalRows', () => {
  it("has a row for every code the rules infer, of the rule's status, and for UPDATE_TIMED_OUT", () => {
    const rows = canonicalRows(LIFECYCLE_RULES);
    for (const rule of LIFECYCLE_RULES.inference.rules)
      if (rule.infer) expect(rows.get(rule.infer.code)?.status).toBe(rule.infer.status);
    expect(rows.get('UPDATE_TIMED_OUT')?.status).toBe('failed');
  });

  it('refuses rules that infer an unknown code, or a code of another status', () => {
    const withRule = (infer: { code: string; status: 'failed' | 'succeeded' }): LifecycleRules => ({
      ...LIFECYCLE_RULES,
      inference: { rules: [{ id: 'x/y', vocabularies: ['*'], note: 'n', when: { reported: ['1'] }, infer }] },
    });
    expect(() => canonicalRows(withRule({ code: 'NO_SUCH_CODE', status: 'failed' }))).toThrow(/x\/y/);
    expect(() => canonicalRows(withRule({ code: 'DOWNLOAD_FAILED', status: 'succeeded' }))).toThrow(
      /not a canonical code of status succeeded/,
    );
  });
});
