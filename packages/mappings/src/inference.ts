import type { Vocabulary } from '@rosetta/outcome-schema';
import schema from '../schema/inference-rules.schema.json' with { type: 'json' };
import { dataFile } from './data-file.ts';

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

const file = dataFile<InferenceTable>(schema, new URL('../inference/transitions.json', import.meta.url));

export const checkInferenceRules = file.check;

/** The inference rules shipped in this package (`inference/transitions.json`), read once. */
export const inferenceRules = file.standard;

/** The rule a reported transition triggers, if any: its `infer` codes were missed between `from` and `to`. */
export function inferenceFor(
  vocabulary: Vocabulary,
  from: string,
  to: string,
  table: InferenceTable = inferenceRules(),
): InferenceRule | undefined {
  return table.rules.find((r) => r.vocabulary === vocabulary && r.from === from && r.to === to);
}
