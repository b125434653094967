import { VOCABULARIES } from '@rosetta/outcome-schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import rulesFile from '../rules/lifecycle.json' with { type: 'json' };
import rulesSchema from '../schema/lifecycle-rules.schema.json' with { type: 'json' };
import { durationMs } from './duration.ts';
import { stageDeadline } from './rules.ts';

describe('rules/lifecycle.json', () => {
  it('is valid against its schema, names only known vocabularies, and every duration parses', () => {
    const validate = new Ajv2020({ strict: true }).compile(rulesSchema);
    expect(validate(rulesFile), JSON.stringify(validate.errors)).toBe(true);
    const vocabularies = [
      ...Object.keys(rulesFile.correlation.fields),
      ...Object.keys(rulesFile.deadlines.vocabularies),
    ];
    for (const v of vocabularies) expect(VOCABULARIES as readonly string[]).toContain(v);
    const durations = [
      rulesFile.deadlines.default,
      ...Object.values(rulesFile.deadlines.vocabularies),
    ].flatMap((stages) => Object.values(stages));
    for (const d of durations) expect(durationMs(d), d).toBeGreaterThan(0);
  });
});

describe('durationMs', () => {
  it.each([
    ['PT30M', 1_800_000],
    ['PT1H', 3_600_000],
    ['P1DT2H', 93_600_000],
    ['P2W', 1_209_600_000],
    ['PT0.5S', 500],
  ])('%s is %i ms', (text, ms) => expect(durationMs(text)).toBe(ms));

  it.each(['P', 'PT', 'P1M', 'P1Y', '1H', 'PT1H30', '', 'PT-1H'])('refuses %j', (text) =>
    expect(durationMs(text)).toBeUndefined(),
  );
});

describe('stageDeadline', () => {
  it('takes an override first, then the vocabulary row, then the default, each with its rule id', () => {
    expect(stageDeadline('lwm2m-fw', 'download', undefined, { 'lwm2m-fw': { download: 'PT5M' } })).toEqual({
      ms: 300_000,
      rule: 'deadline/override/lwm2m-fw/download',
    });
    expect(stageDeadline('lwm2m-fw', 'download')).toEqual({
      ms: 3_600_000,
      rule: 'deadline/lwm2m-fw/download',
    });
    expect(stageDeadline('knox-efota', 'download')).toEqual({
      ms: 7_200_000,
      rule: 'deadline/default/download',
    });
    expect(stageDeadline('knox-efota', 'registration')).toBeUndefined();
  });
});
