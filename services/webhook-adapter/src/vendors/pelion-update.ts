import { codeKey } from '@rosetta/mappings';
import { FIELD_LIMITS } from '@rosetta/raw-record';
import { WebhookError } from '../errors.ts';
import { occurredAt, rawRecord, type Vendor } from '../vendor.ts';

// Pelion / Izuma Device Management API objects as its notification channel or a poll returns them:
// `device-event` (event_type such as UPD4_FAIL_504) and `update-campaign-device-metadata` (deployment_state),
// singly or in the API's list envelope {"object": "list", "data": [...]}.
interface DeviceEvent {
  object?: 'device-event';
  id: string;
  device_id: string;
  date_time?: string;
  event_type: string;
  event_type_category?: string;
  event_type_description?: string;
  description?: string;
  state_change?: boolean;
  data?: { campaign_id?: string } & Record<string, unknown>;
}
interface CampaignDeviceMetadata {
  object: 'update-campaign-device-metadata';
  id: string;
  device_id: string;
  campaign: string;
  deployment_state: string;
  mechanism?: string;
  updated_at?: string;
}
type PelionObject = DeviceEvent | CampaignDeviceMetadata;

const deviceEvent = {
  type: 'object',
  required: ['id', 'device_id', 'event_type'],
  properties: {
    object: { const: 'device-event' },
    id: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.correlation },
    device_id: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.device },
    date_time: { type: 'string', format: 'date-time' },
    event_type: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.code, examples: ['UPD4_FAIL_504'] },
    event_type_category: { type: 'string' },
    event_type_description: { type: 'string' },
    description: { type: 'string' },
    state_change: { type: 'boolean' },
    data: {
      type: 'object',
      properties: { campaign_id: { type: 'string', maxLength: FIELD_LIMITS.correlation } },
    },
  },
};
const campaignDeviceMetadata = {
  type: 'object',
  required: ['object', 'id', 'device_id', 'campaign', 'deployment_state'],
  properties: {
    object: { const: 'update-campaign-device-metadata' },
    id: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.correlation },
    device_id: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.device },
    campaign: { type: 'string', minLength: 1, maxLength: FIELD_LIMITS.correlation },
    deployment_state: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.code,
      examples: ['deployed', 'failed_connector_channel_update'],
    },
    mechanism: { type: 'string' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};
const item = { oneOf: [campaignDeviceMetadata, { ...deviceEvent, not: { required: ['deployment_state'] } }] };

function toResult(o: PelionObject) {
  if (o.object === 'update-campaign-device-metadata') {
    return {
      code: codeKey('pelion-update', 'deployment', o.deployment_state),
      device: { id: o.device_id },
      ...occurredAt(o.updated_at, 'body/updated_at'),
      correlation: { campaignId: o.campaign, eventId: o.id },
    };
  }
  const campaignId = o.data?.campaign_id;
  return {
    code: codeKey('pelion-update', 'event', o.event_type),
    device: { id: o.device_id },
    ...occurredAt(o.date_time, 'body/date_time'),
    correlation: { eventId: o.id, ...(campaignId ? { campaignId } : {}) },
  };
}

export const pelionUpdate: Vendor = {
  vocabulary: 'pelion-update',
  path: '/webhooks/pelion-update',
  summary:
    'Pelion/Izuma device-event and update-campaign-device-metadata objects, single, array or list envelope',
  jsonSchema: {
    oneOf: [
      item,
      { type: 'array', minItems: 1, maxItems: 1000, items: item },
      {
        type: 'object',
        required: ['object', 'data'],
        properties: {
          object: { const: 'list' },
          data: { type: 'array', minItems: 1, maxItems: 1000, items: item },
        },
      },
    ],
  },
  examples: [
    {
      object: 'device-event',
      id: '016d5b1c7a2b00000000000100100001',
      device_id: '015c2fec9bba0000000000010010036f',
      date_time: '2026-11-21T10:15:00Z',
      event_type: 'UPD4_FAIL_504',
      event_type_category: 'FAIL_UPDATE_WRITING',
      event_type_description: 'Payload writing error, hash error',
      state_change: true,
      data: { campaign_id: '015bf72fccda00000000000100100280' },
    },
  ],
  toRecords(body, context) {
    const envelope = body as { object?: string; data?: PelionObject[] };
    const list: PelionObject[] = Array.isArray(body)
      ? (body as PelionObject[])
      : envelope.object === 'list'
        ? (envelope.data ?? [])
        : [body as PelionObject];
    return list.map((o) => {
      if (!o.id) throw new WebhookError('BAD_BODY', 'body/id is required');
      const json = JSON.stringify(o);
      // The platform's own object id makes the canonical id: the same event sent twice dedups.
      return rawRecord('pelion-update', context, `pelion:${o.id}`, json, [toResult(o)]);
    });
  },
};
