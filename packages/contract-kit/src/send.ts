import { authMd5Digest, encodeWbxml, parseXml } from '@rosetta/codecs/syncml';
import type { ContractCase } from './cases.ts';
import { CONTRACT_ERRORS, ContractError } from './errors.ts';
import { readAnswer } from './syncml-answer.ts';

export const WEBHOOK_VOCABULARIES = ['knox-efota', 'pelion-update', 'eas-provision'] as const;
/** Vocabularies that arrive as OMA-DM sessions (SyncML Generic Alerts): FUMO and SCOMO. */
export const OMADM_VOCABULARIES = ['omadm-fumo', 'omadm-scomo'] as const;
export const HTTP_VOCABULARIES = [...WEBHOOK_VOCABULARIES, ...OMADM_VOCABULARIES] as const;
export const DEFAULT_DEVICE = 'IMEI:493005100592800';
const SYNCML = { xml: 'application/vnd.syncml.dm+xml', wbxml: 'application/vnd.syncml.dm+wbxml' };

export interface Gateway {
  /** Base URL of the webhook adapter, e.g. http://127.0.0.1:8081 */
  webhook: string;
  /** Base URL of the OMA-DM adapter, e.g. http://127.0.0.1:8080 */
  omadm: string;
  /** Bearer token of the tenant for the webhook routes. */
  token: string;
  /** OMA-DM tenant (path /omadm/<tenant>). */
  tenant: string;
  /** OMA-DM device password; the username is the device id. */
  password: (device: string) => string;
  /** The current auth-md5 nonce per device; updated from each answer's NextNonce, as a device would. */
  nonces: Map<string, string>;
}

export interface Sent {
  status: number;
  json?: { ids?: string[] } & Record<string, unknown>;
  syncml?: {
    headerStatus: string;
    statuses: { cmdRef: string; cmd: string; data: string }[];
    final: boolean;
  };
  contentType: string | null;
  device: string;
}

async function sendWebhook(c: ContractCase, gateway: Gateway): Promise<Sent> {
  const query = new URLSearchParams(c.request.query ?? {}).toString();
  const auth = c.request.auth ?? 'bearer';
  const headers: Record<string, string> = {
    'content-type': c.inputKind === 'xml' ? 'application/xml' : 'application/json',
  };
  if (auth === 'bearer') headers.authorization = `Bearer ${gateway.token}`;
  if (auth === 'wrong') headers.authorization = 'Bearer not-a-token';
  const response = await fetch(`${gateway.webhook}/webhooks/${c.vocabulary}${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers,
    body: c.input,
  });
  return {
    status: response.status,
    json: (await response.json()) as Sent['json'],
    contentType: response.headers.get('content-type'),
    device: '',
  };
}

async function sendSyncML(c: ContractCase, gateway: Gateway): Promise<Sent> {
  const device = c.request.device ?? DEFAULT_DEVICE;
  let bytes: Buffer;
  let wbxml = c.request.encoding === 'wbxml';
  if (c.inputKind === 'hex') {
    bytes = Buffer.from(c.input.replace(/\s+/g, ''), 'hex');
    wbxml = true;
  } else {
    const cred =
      c.request.auth === 'basic'
        ? Buffer.from(`${device}:${gateway.password(device)}`).toString('base64')
        : authMd5Digest(device, gateway.password(device), gateway.nonces.get(device) ?? '');
    const xml = c.input.replace('{{cred}}', cred);
    bytes = wbxml ? encodeWbxml(parseXml(xml)) : Buffer.from(xml);
  }
  const response = await fetch(`${gateway.omadm}/omadm/${gateway.tenant}`, {
    method: 'POST',
    headers: { 'content-type': wbxml ? SYNCML.wbxml : SYNCML.xml },
    body: bytes,
  });
  const body = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type');
  if (contentType?.startsWith('application/json'))
    return { status: response.status, json: JSON.parse(body.toString()), contentType, device };
  const answer = readAnswer(body, wbxml);
  if (answer.nextNonce) gateway.nonces.set(device, answer.nextNonce);
  return {
    status: response.status,
    syncml: { headerStatus: answer.headerStatus, statuses: answer.statuses, final: answer.final },
    contentType,
    device,
  };
}

/** Sends one case to a running gateway the way its source would. */
export function sendCase(c: ContractCase, gateway: Gateway): Promise<Sent> {
  if ((OMADM_VOCABULARIES as readonly string[]).includes(c.vocabulary)) return sendSyncML(c, gateway);
  if ((WEBHOOK_VOCABULARIES as readonly string[]).includes(c.vocabulary)) return sendWebhook(c, gateway);
  throw new ContractError(
    CONTRACT_ERRORS.CASE_INVALID,
    `${c.vocabulary} has no HTTP contract cases (LwM2M is covered by the Leshan end-to-end tests)`,
  );
}
