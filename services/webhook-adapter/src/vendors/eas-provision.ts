import { SYNCML_ERRORS, SyncMLError, scanXml } from '@rosetta/codecs/syncml';
import { contentRecordId } from '@rosetta/ingest';
import { FIELD_LIMITS, type RawResult } from '@rosetta/raw-record';
import { XMLParser } from 'fast-xml-parser';
import { WebhookError } from '../errors.ts';
import { occurredAt, type RequestContext, rawRecord, type Vendor } from '../vendor.ts';

// Exchange ActiveSync provisioning outcomes as an EAS server or proxy sees them: the MS-ASPROV Provision XML
// (request or response body) or a JSON form. Codes: provision/<n> (Provision/Status), policy/<n> (Policy/Status in
// the server's response), policy-ack/<n> (Policy/Status in the client's acknowledgment), wipe/<n> (RemoteWipe/Status).
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

// XXE and entity expansion are refused before any parsing (Provision XML has no business declaring a DTD), and so
// is anything deeper or larger than a Provision document can be.
const PROVISION_XML_LIMITS = {
  maxDepth: 16,
  maxElements: 2000,
  maxAttributes: 8,
  maxTextLength: 64 * 1024,
  maxDecodedLength: 256 * 1024,
};
const parser = new XMLParser({
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  ignoreDeclaration: true,
});

type XmlNode = Record<string, unknown>;
const node = (value: unknown): XmlNode | undefined =>
  value && typeof value === 'object' ? (value as XmlNode) : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;

/** Parses a Provision request (client acknowledgment) or response (server) body into EAS results. */
export function parseProvisionXml(xml: string): {
  results: { code: string }[];
  model?: string;
  imei?: string;
} {
  try {
    scanXml(xml, PROVISION_XML_LIMITS);
  } catch (error) {
    if (!(error instanceof SyncMLError)) throw error;
    if (error.code === SYNCML_ERRORS.DTD_FORBIDDEN)
      throw new WebhookError('XML_FORBIDDEN_DTD', error.message);
    throw new WebhookError('BAD_BODY', `malformed XML: ${error.message}`);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new WebhookError('BAD_BODY', `malformed XML: ${(error as Error).message}`);
  }
  const provision = node(doc.Provision);
  if (!provision)
    throw new WebhookError('BAD_BODY', 'body/Provision: the root element must be Provision (MS-ASPROV)');
  const policy = node(node(provision.Policies)?.Policy);
  const isResponse = text(provision.Status) !== undefined;
  const results: { code: string }[] = [];
  if (isResponse) {
    results.push({ code: `provision/${text(provision.Status)}` });
    const policyStatus = text(policy?.Status);
    if (policyStatus) results.push({ code: `policy/${policyStatus}` });
  } else {
    const ack = text(policy?.Status);
    if (ack) results.push({ code: `policy-ack/${ack}` });
    const wipe = text(node(provision.RemoteWipe)?.Status);
    if (wipe) results.push({ code: `wipe/${wipe}` });
  }
  if (results.length === 0)
    throw new WebhookError('BAD_BODY', 'body/Provision carries no Status (Provision, Policy or RemoteWipe)');
  const set = node(node(provision.DeviceInformation)?.Set);
  const model = text(set?.Model);
  const imei = text(set?.IMEI);
  return { results, ...(model ? { model } : {}), ...(imei ? { imei } : {}) };
}

function fromJson(body: EasJson): RawResult[] {
  const device = {
    id: body.deviceId,
    ...(body.model ? { model: body.model } : {}),
    ...(body.imei ? { imei: body.imei } : {}),
  };
  const time = occurredAt(body.time, 'body/time');
  const codes = [
    ['provision', body.provisionStatus],
    ['policy', body.policyStatus],
    ['policy-ack', body.policyAckStatus],
    ['wipe', body.wipeStatus],
  ] as const;
  return codes.flatMap(([kind, n]) => (n === undefined ? [] : [{ code: `${kind}/${n}`, device, ...time }]));
}

function fromXml(xml: string, context: RequestContext): RawResult[] {
  const deviceId = context.query.deviceId ?? context.query.DeviceId;
  if (!deviceId)
    throw new WebhookError(
      'BAD_BODY',
      'querystring/deviceId is required with an XML body (the EAS DeviceId of the request URI)',
    );
  const parsed = parseProvisionXml(xml);
  const device = {
    id: deviceId,
    ...(parsed.model ? { model: parsed.model } : {}),
    ...(parsed.imei ? { imei: parsed.imei } : {}),
  };
  return parsed.results.map((r) => ({ code: r.code, device }));
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
