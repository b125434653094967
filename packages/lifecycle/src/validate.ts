import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import campaignSchema from '../schema/campaign.v1.schema.json' with { type: 'json' };
import campaignChangeSchema from '../schema/campaign-change.v1.schema.json' with { type: 'json' };
import updateSchema from '../schema/update.v1.schema.json' with { type: 'json' };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));

const errorsOf = (validate: ValidateFunction) => (value: unknown) =>
  validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);

/** The errors of an update state against schema/update.v1.schema.json; empty when it is valid. */
export const validateUpdate = errorsOf(ajv.compile(updateSchema));
/** The errors of a campaign against schema/campaign.v1.schema.json; empty when it is valid. */
export const validateCampaign = errorsOf(ajv.compile(campaignSchema));
/** The errors of a campaign change against schema/campaign-change.v1.schema.json; empty when it is valid. */
export const validateCampaignChange = errorsOf(ajv.compile(campaignChangeSchema));
