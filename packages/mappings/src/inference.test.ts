import { describe, expect, it } from 'vitest';
import { checkInferenceRules, inferenceFor, inferenceRules } from './inference.ts';
import { readTables } from './load.ts';
import { newest } from './versions.ts';

const { tables } = readTables();

describe('inference rules', () => {
  it('name only codes that are rows of their vocabulary’s newest table, and ids are unique', () => {
    const rules = inferenceRules().rules;
    const missing = rules.flatMap((rule) => {
      const rows = new Set(
        newest(tables.filter((t) => t.vocabulary === rule.vocabulary))?.rows.map((r) => r.code),
      );
      return [rule.from, rule.to, ...rule.infer]
        .filter((code) => !rows.has(code))
        .map((c) => `${rule.id}: ${c}`);
    });
    expect(missing).toEqual([]);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('Downloading → Updating implies a missed Downloaded; nothing else does', () => {
    expect(inferenceFor('lwm2m-fw', 'state/1', 'state/3')).toMatchObject({
      id: 'lwm2m-fw/missed-downloaded',
      infer: ['state/2'],
    });
    expect(inferenceFor('lwm2m-fw', 'state/3', 'state/1')).toBeUndefined();
    expect(inferenceFor('omadm-fumo', 'state/1', 'state/3')).toBeUndefined();
  });

  it('the schema refuses a rule without codes to infer', () => {
    const rule = { id: 'a/b', vocabulary: 'lwm2m-fw', from: 'state/1', to: 'state/3', infer: [], note: 'x' };
    expect(() =>
      checkInferenceRules({ table: 'INFERENCE_RULES', version: '1.0.0', rules: [rule] }, 't'),
    ).toThrow(/TABLE_INVALID/);
  });
});
