import { contentRecordId } from '@rosetta/ingest';
import { codeKey } from '@rosetta/mappings';
import { FIELD_LIMITS } from '@rosetta/raw-record';
import { asList, occurredAt, oneOrMany, rawRecord, type Vendor } from '../vendor.ts';

// Samsung Knox E-FOTA: the device client's codes (seed 001) reach customers through the E-FOTA API's per-device
// `agentError` and the Knox webhook event KE_DEVICE_STATUS_CHANGE. No public document shows the full JSON body, so
// this is Rosetta's documented shape, built from the fields those documents name.
interface KnoxEvent {
  eventId?: string;
  event?: string;
  deviceId?: string;
  imei?: string;
  serial?: string;
  model?: string;
  campaignId?: string;
  status?: string;
  agentError: { code: string | number; message?: string; date?: string };
}

const event = {
  type: 'object',
  required: ['agentError'],
  anyOf: [{ required: ['deviceId'] }, { required: ['imei'] }, { required: ['serial'] }],
  additionalProperties: true,
  properties: {
    eventId: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.correlation,
      description: 'Sender event id; makes the canonical id, so a re-sent event dedups.',
    },
    event: { type: 'string', examples: ['KE_DEVICE_STATUS_CHANGE'] },
    deviceId: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.device },
    imei: { type: 'string', pattern: '^[0-9]{14,16}$' },
    serial: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.device },
    model: { type: 'string', maxLength: FIELD_LIMITS.device },
    campaignId: { type: 'string', maxLength: FIELD_LIMITS.correlation },
    status: { type: 'string', description: 'E-FOTA device status as the platform reports it.' },
    agentError: {
      type: 'object',
      required: ['code'],
      properties: {
        code: {
          type: ['string', 'integer'],
          minLength: 1,
          maxLength: FIELD_LIMITS.code,
          description: 'E-FOTA client error code, e.g. -2402 or "-2402".',
        },
        message: { type: 'string' },
        date: { type: 'string', format: 'date-time' },
      },
    },
  },
};

export const knoxEfota: Vendor = {
  vocabulary: 'knox-efota',
  path: '/webhooks/knox-efota',
  summary: 'Knox E-FOTA device results (agentError), one event or an array',
  jsonSchema: oneOrMany(event),
  examples: [
    {
      eventId: 'evt-7f3a',
      event: 'KE_DEVICE_STATUS_CHANGE',
      imei: '356938035643809',
      model: 'SM-G991B',
      campaignId: 'cmp-2026-11',
      status: 'FAILED',
      agentError: {
        code: -2402,
        message: 'The firmware update package is corrupt.',
        date: '2026-11-21T10:15:00Z',
      },
    },
  ],
  toRecords(body, context) {
    return asList(body as KnoxEvent | KnoxEvent[]).map((e) => {
      const id = (e.deviceId ?? e.imei ?? e.serial) as string;
      const json = JSON.stringify(e);
      const device = {
        id,
        ...(e.imei ? { imei: e.imei } : {}),
        ...(e.serial ? { serial: e.serial } : {}),
        ...(e.model ? { model: e.model } : {}),
      };
      const correlation = {
        ...(e.campaignId ? { campaignId: e.campaignId } : {}),
        ...(e.eventId ? { eventId: e.eventId } : {}),
      };
      const recordId = e.eventId ? `knox:${e.eventId}` : contentRecordId(context.tenant, json);
      return rawRecord('knox-efota', context, recordId, json, [
        {
          code: codeKey('knox-efota', 'error', e.agentError.code),
          device,
          ...occurredAt(e.agentError.date, 'body/agentError/date'),
          ...(Object.keys(correlation).length ? { correlation } : {}),
        },
      ]);
    });
  },
};
