import { readFileSync } from 'node:fs';
import type { Vocabulary } from '@rosetta/outcome-schema';
import inferenceSchema from '../schema/inference-rules.schema.json' with { type: 'json' };
import { MAPPINGS_ERRORS, MappingsError } from './errors.ts';
import { mappingsAjv } from './schemas.ts';

export interface InferenceRule {
  id: string;
  vocabulary: Vocabulary;
  from: string;
  to: string;
  infer: string[];
  note: string;
}

export interface InferenceTable {
  table: 'INFERENCE_RULES';
  version: string;
  rules: InferenceRule[];
}

const INFERENCE_FILE = new URL('../inference/transitions.json', import.meta.url);
const validate = mappingsAjv.compile<InferenceTable>(inferenceSchema);

export function checkInferenceRules(candidate: unknown, name: string): InferenceTable {
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    throw new MappingsError(MAPPINGS_ERRORS.TABLE_INVALID, `${name}: ${problems.join('; ')}`);
  }
  return candidate;
}

let standard: InferenceTable | undefined;

/** The inference rules shipped in this package (`inference/transitions.json`), read once. */
export function inferenceRules(): InferenceTable {
  standard ??= checkInferenceRules(JSON.parse(readFileSync(INFERENCE_FILE, 'utf8')), 'transitions.json');
  return standard;
}

/** The rule a reported transition triggers, if any: its `infer` codes were missed between `from` and `to`. */
export function inferenceFor(
  vocabulary: Vocabulary,
  from: string,
  to: string,
  table: InferenceTable = inferenceRules(),
): InferenceRule | undefined {
  return table.rules.find((r) => r.vocabulary === vocabulary && r.from === from && r.to === to);
}
