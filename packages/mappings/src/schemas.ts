import { outcomeSchema } from '@rosetta/outcome-schema';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import vocabularySchema from '../schema/vocabulary-table.schema.json' with { type: 'json' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * The one validator of this package's data files. Statuses, categories, operations and vocabularies are the outcome
 * schema's own definitions; the other schemas here refer to the vocabulary table's.
 */
export const mappingsAjv = addFormats(new Ajv2020({ allErrors: true, strict: true }))
  .addSchema(outcomeSchema)
  .addSchema(vocabularySchema);
