import { FIELD_LIMITS } from '@rosetta/raw-record';
/** POST /omadm/alerts: a DM server forwarding Generic Alerts it has already parsed. */
export interface AlertsBody {
  id?: string;
  tenant?: string;
  deviceId: string;
  model?: string;
  correlator?: string;
  alerts: {
    type: string;
    format?: string;
    data: string | number;
    source?: string;
    correlator?: string;
    mark?: string;
    time?: string;
  }[];
}

export const alertsBodySchema = {
  type: 'object',
  required: ['deviceId', 'alerts'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.recordId,
      description: "The forwarder's id for this message; makes the canonical ids stable.",
    },
    tenant: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.tenant,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
    },
    deviceId: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.device,
      examples: ['IMEI:493005100592800'],
    },
    model: { type: 'string', maxLength: FIELD_LIMITS.device },
    correlator: { type: 'string', maxLength: FIELD_LIMITS.correlation },
    alerts: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['type', 'data'],
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            minLength: 1,
            examples: ['org.openmobilealliance.dm.firmwareupdate.downloadandupdate'],
          },
          format: { type: 'string', enum: ['int', 'chr'] },
          data: {
            type: ['string', 'integer'],
            minLength: 1,
            maxLength: FIELD_LIMITS.code,
            description: 'The FUMO result code, e.g. 402.',
          },
          source: { type: 'string', examples: ['./FwUpdate/Pkg1/DownloadAndUpdate'] },
          correlator: { type: 'string', maxLength: FIELD_LIMITS.correlation },
          mark: { type: 'string' },
          time: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;
