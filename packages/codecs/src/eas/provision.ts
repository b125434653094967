import { XMLParser } from 'fast-xml-parser';
import { SYNCML_ERRORS, SyncMLError } from '../syncml/errors.ts';
import { scanXml } from '../syncml/xml-scan.ts';
import { EAS_ERRORS, EasCodecError } from './errors.ts';

/** The statuses one MS-ASPROV Provision body carries, and what it says about the device. */
export interface ProvisionStatuses {
  /** Provision/Status of a server response. */
  provision?: string;
  /** Policies/Policy/Status of a server response. */
  policy?: string;
  /** Policies/Policy/Status of a client acknowledgment (a request). */
  policyAck?: string;
  /** RemoteWipe/Status of a client request. */
  wipe?: string;
  model?: string;
  imei?: string;
}

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
  value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
const text = (value: unknown): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
};

function parse(xml: string): XmlNode {
  try {
    scanXml(xml, PROVISION_XML_LIMITS);
  } catch (error) {
    if (!(error instanceof SyncMLError)) throw error;
    if (error.code === SYNCML_ERRORS.DTD_FORBIDDEN)
      throw new EasCodecError(EAS_ERRORS.DTD_FORBIDDEN, error.message);
    throw new EasCodecError(EAS_ERRORS.MALFORMED, `malformed XML: ${error.message}`);
  }
  try {
    return parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new EasCodecError(EAS_ERRORS.MALFORMED, `malformed XML: ${(error as Error).message}`);
  }
}

/**
 * A Provision response (server: Provision and Policy status) or request (client: policy acknowledgment, remote-wipe
 * status) body → its statuses. Bounded before parsing; anything else is an EasCodecError.
 */
export function decodeProvision(xml: string): ProvisionStatuses {
  const provision = node(parse(xml).Provision);
  if (!provision)
    throw new EasCodecError(
      EAS_ERRORS.NOT_PROVISION,
      'body/Provision: the root element must be Provision (MS-ASPROV)',
    );
  const policy = text(node(node(provision.Policies)?.Policy)?.Status);
  const isResponse = text(provision.Status) !== undefined;
  const set = node(node(provision.DeviceInformation)?.Set);
  const statuses: ProvisionStatuses = isResponse
    ? { provision: text(provision.Status), ...(policy ? { policy } : {}) }
    : {
        ...(policy ? { policyAck: policy } : {}),
        ...(text(node(provision.RemoteWipe)?.Status)
          ? { wipe: text(node(provision.RemoteWipe)?.Status) }
          : {}),
      };
  if (Object.keys(statuses).length === 0)
    throw new EasCodecError(
      EAS_ERRORS.NO_STATUS,
      'body/Provision carries no Status (Provision, Policy or RemoteWipe)',
    );
  const model = text(set?.Model);
  const imei = text(set?.IMEI);
  return { ...statuses, ...(model ? { model } : {}), ...(imei ? { imei } : {}) };
}
