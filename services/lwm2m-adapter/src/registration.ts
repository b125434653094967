import { type Link, parseLinkFormat } from '@rosetta/codecs/lwm2m';
import { FIELD_LIMITS } from '@rosetta/raw-record';

/** Endpoint names are device ids in Rosetta's records: visible characters, no spaces or controls (URNs, IMEIs, …). */
const ENDPOINT = /^[\x21-\x7e\u00a0-\uffff]+$/;

/** Register / Update query parameters of LwM2M 1.0–1.2 (TS Core §6.2, E.1). Anything else is a 4.00 (seed 004). */
const REGISTER_PARAMS = new Set(['ep', 'lt', 'lwm2m', 'b', 'sms', 'Q', 'Qs']);
const UPDATE_PARAMS = new Set(['lt', 'b', 'sms', 'Q', 'Qs']);
/** `lwm2m` is mandatory since LwM2M 1.0 (TS Core 1.0 §5.3.1); a server refuses a version it does not speak. */
const VERSIONS = new Set(['1.0', '1.1', '1.2']);

export interface RegisterParams {
  endpoint: string;
  lifetime: number;
  version: string;
  binding: string;
  /** Queue mode: the `Q` parameter (LwM2M 1.1), or a binding with Q (1.0: `b=UQ`). */
  queueMode: boolean;
}

/** Queue mode from a Register's or Update's parameters; undefined when an Update says nothing about it. */
function queueModeOf(params: Map<string, string>): boolean | undefined {
  const binding = params.get('b');
  if (params.has('Q')) return true;
  return binding === undefined ? undefined : binding.includes('Q');
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: '4.00'; reason: string };

function params(query: string, allowed: Set<string>): Parsed<Map<string, string>> {
  const map = new Map<string, string>();
  for (const part of query.split('&').filter(Boolean)) {
    const [name = '', ...rest] = part.split('=');
    if (!allowed.has(name)) return { ok: false, code: '4.00', reason: `unknown parameter ${name}` };
    if (map.has(name)) return { ok: false, code: '4.00', reason: `duplicate parameter ${name}` };
    let value: string;
    try {
      value = decodeURIComponent(rest.join('='));
    } catch {
      return { ok: false, code: '4.00', reason: `parameter ${name} is not valid %-encoding` };
    }
    map.set(name, value);
  }
  return { ok: true, value: map };
}

function lifetime(value: string | undefined): number | undefined {
  if (value === undefined) return 86400;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function parseRegister(query: string): Parsed<RegisterParams> {
  const parsed = params(query, REGISTER_PARAMS);
  if (!parsed.ok) return parsed;
  const endpoint = parsed.value.get('ep');
  if (!endpoint) return { ok: false, code: '4.00', reason: 'missing mandatory parameter ep' };
  if (endpoint.length > FIELD_LIMITS.device)
    return { ok: false, code: '4.00', reason: `ep is longer than ${FIELD_LIMITS.device} characters` };
  if (!ENDPOINT.test(endpoint))
    return { ok: false, code: '4.00', reason: 'ep may only hold printable characters without spaces' };
  const lt = lifetime(parsed.value.get('lt'));
  if (lt === undefined) return { ok: false, code: '4.00', reason: 'lt must be a positive integer' };
  const version = parsed.value.get('lwm2m');
  if (version === undefined) return { ok: false, code: '4.00', reason: 'missing mandatory parameter lwm2m' };
  if (!VERSIONS.has(version)) return { ok: false, code: '4.00', reason: 'lwm2m must be 1.0, 1.1 or 1.2' };
  return {
    ok: true,
    value: {
      endpoint,
      lifetime: lt,
      version,
      binding: parsed.value.get('b') ?? 'U',
      queueMode: queueModeOf(parsed.value) ?? false,
    },
  };
}

export function parseUpdate(
  query: string,
): Parsed<{ lifetime?: number; binding?: string; queueMode?: boolean }> {
  const parsed = params(query, UPDATE_PARAMS);
  if (!parsed.ok) return parsed;
  const lt = parsed.value.get('lt');
  const value = lt === undefined ? undefined : lifetime(lt);
  if (lt !== undefined && value === undefined)
    return { ok: false, code: '4.00', reason: 'lt must be a positive integer' };
  const binding = parsed.value.get('b');
  const queueMode = queueModeOf(parsed.value);
  return {
    ok: true,
    value: {
      ...(value ? { lifetime: value } : {}),
      ...(binding ? { binding } : {}),
      ...(queueMode === undefined ? {} : { queueMode }),
    },
  };
}

export function parseObjects(payload: Buffer): Parsed<Link[]> {
  const text = payload.toString('utf8');
  if (text.trim() === '') return { ok: true, value: [] };
  try {
    return { ok: true, value: parseLinkFormat(text) };
  } catch (error) {
    return { ok: false, code: '4.00', reason: (error as Error).message };
  }
}
