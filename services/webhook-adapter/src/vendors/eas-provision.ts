import { decodeProvision, EAS_ERRORS, EasCodecError, type ProvisionStatuses } from '@rosetta/codecs/eas';
import { contentRecordId } from '@rosetta/ingest';
import { codeKey } from '@rosetta/mappings';
import { FIELD_LIMITS, type RawResult } from '@rosetta/raw-record';
import { WebhookError } from '../errors.ts';
import { occurredAt, type RequestContext, rawRecord, type Vendor } from '../vendor.ts';

// Exchange ActiveSync provisioning outcomes as an EAS server or proxy sees them: the MS-ASPROV Provision XML
// (request or response body, decoded by @rosetta/codecs/eas) or a JSON form. Each status is keyed by its code-key kind
// (packages/mappings/code-keys): provision, policy (server response), policy-ack (client acknowledgment), wipe.
interface EasJson {
  deviceId: string;
  deviceType?: string;
  model?: string;
  imei?: string;
  time?: string;
  provisionStatus?: number;
  policyStatus?: number;
  policyAckStatus?: number;
  wipeStatus?: number;
}

const status = { type: 'integer', minimum: 0, maximum: 999 };
const easJson = {
  type: 'object',
  required: ['deviceId'],
  anyOf: [
    { required: ['provisionStatus'] },
    { required: ['policyStatus'] },
    { required: ['policyAckStatus'] },
    { required: ['wipeStatus'] },
  ],
  properties: {
    deviceId: {
      type: 'string',
      minLength: 1,
      maxLength: FIELD_LIMITS.device,
      description: 'The EAS DeviceId (from the request URI).',
    },
    deviceType: { type: 'string', maxLength: FIELD_LIMITS.device },
    model: { type: 'string', maxLength: FIELD_LIMITS.device },
    imei: { type: 'string', maxLength: FIELD_LIMITS.device },
    time: { type: 'string', format: 'date-time' },
    provisionStatus: status,
    policyStatus: status,
    policyAckStatus: status,
    wipeStatus: status,
  },
};

const STATUS_KINDS = [
  ['provision', 'provision'],
  ['policy', 'policy'],
  ['policyAck', 'policy-ack'],
  ['wipe', 'wipe'],
] as const;

/** One result per status present, keyed by the vocabulary's code-key kind for it. */
function resultsOf(statuses: Partial<Record<(typeof STATUS_KINDS)[number][0], string | number>>) {
  return STATUS_KINDS.flatMap(([field, kind]) => {
    const value = statuses[field];
    return value === undefined ? [] : [{ code: codeKey('eas-provision', kind, value) }];
  });
}

function decodeXml(xml: string): ProvisionStatuses {
  try {
    return decodeProvision(xml);
  } catch (error) {
    if (!(error instanceof EasCodecError)) throw error;
    throw new WebhookError(
      error.code === EAS_ERRORS.DTD_FORBIDDEN ? 'XML_FORBIDDEN_DTD' : 'BAD_BODY',
      error.message,
    );
  }
}

function fromJson(body: EasJson): RawResult[] {
  const device = {
    id: body.deviceId,
    ...(body.model ? { model: body.model } : {}),
    ...(body.imei ? { imei: body.imei } : {}),
  };
  const time = occurredAt(body.time, 'body/time');
  return resultsOf({
    ...(body.provisionStatus === undefined ? {} : { provision: body.provisionStatus }),
    ...(body.policyStatus === undefined ? {} : { policy: body.policyStatus }),
    ...(body.policyAckStatus === undefined ? {} : { policyAck: body.policyAckStatus }),
    ...(body.wipeStatus === undefined ? {} : { wipe: body.wipeStatus }),
  }).map((r) => ({ ...r, device, ...time }));
}

function fromXml(xml: string, context: RequestContext): RawResult[] {
  const deviceId = context.query.deviceId ?? context.query.DeviceId;
  if (!deviceId)
    throw new WebhookError(
      'BAD_BODY',
      'querystring/deviceId is required with an XML body (the EAS DeviceId of the request URI)',
    );
  const statuses = decodeXml(xml);
  const device = {
    id: deviceId,
    ...(statuses.model ? { model: statuses.model } : {}),
    ...(statuses.imei ? { imei: statuses.imei } : {}),
  };
  return resultsOf(statuses).map((r) => ({ ...r, device }));
}

export const easProvision: Vendor = {
  vocabulary: 'eas-provision',
  path: '/webhooks/eas-provision',
  summary: 'Exchange ActiveSync Provision outcomes: MS-ASPROV XML (with ?deviceId=) or JSON',
  jsonSchema: easJson,
  acceptsXml: true,
  examples: [
    {
      deviceId: 'ApplDNQXK1234',
      deviceType: 'iPhone',
      model: 'iPhone15,2',
      provisionStatus: 1,
      policyStatus: 5,
    },
  ],
  toRecords(body, context) {
    const results = typeof body === 'string' ? fromXml(body, context) : fromJson(body as EasJson);
    return [
      rawRecord(
        'eas-provision',
        context,
        contentRecordId(context.tenant, context.body),
        context.body,
        results,
      ),
    ];
  },
};
