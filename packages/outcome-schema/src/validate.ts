import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../schema/outcome.v1.schema.json' with { type: 'json' };
import type { Outcome } from './outcome.generated.ts';

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const compiled = ajv.compile<Outcome>(schema);

export type ValidationResult = { ok: true; outcome: Outcome } | { ok: false; errors: string[] };

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const allowed = 'allowedValues' in error.params ? ` (${JSON.stringify(error.params.allowedValues)})` : '';
  const extra = 'additionalProperty' in error.params ? ` '${String(error.params.additionalProperty)}'` : '';
  return `${where} ${error.message ?? 'is invalid'}${extra}${allowed}`;
}

/** Validates a candidate outcome against outcome.v1 (compiled once at import). */
export function validateOutcome(candidate: unknown): ValidationResult {
  if (compiled(candidate)) return { ok: true, outcome: candidate };
  return { ok: false, errors: (compiled.errors ?? []).map(describe) };
}

export const outcomeSchema = schema;
