import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import vocabularySchema from '../schema/vocabulary-table.schema.json' with { type: 'json' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The one validator of this package's data files; the other schemas refer to the vocabulary table's definitions. */
export const mappingsAjv = addFormats(new Ajv2020({ allErrors: true, strict: true })).addSchema(
  vocabularySchema,
);
