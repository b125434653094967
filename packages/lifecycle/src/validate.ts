import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import updateSchema from '../schema/update.v1.schema.json' with { type: 'json' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(updateSchema);

/** The errors of an update state against schema/update.v1.schema.json; empty when it is valid. */
export function validateUpdate(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
