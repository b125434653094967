import { decode as decodeCbor } from 'cbor-x';
import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';
import type { Lwm2mResources, Lwm2mValue } from './model.ts';

// SenML (RFC 8428) as LwM2M 1.1 §7.4.4/7.4.5 uses it: JSON (ct 110) and CBOR (ct 112, integer labels:
// -2 bn, 0 n, 2 v, 3 vs, 4 vb, 8 vd; "vlo" stays a text key).
interface SenmlRecord {
  bn?: string;
  n?: string;
  v?: number;
  vs?: string;
  vb?: boolean;
  vd?: Uint8Array | string;
  vlo?: string;
}

const CBOR_LABELS: Record<number, keyof SenmlRecord> = {
  [-2]: 'bn',
  0: 'n',
  2: 'v',
  3: 'vs',
  4: 'vb',
  8: 'vd',
};

function resolve(records: SenmlRecord[]): Lwm2mResources {
  const out: Lwm2mResources = new Map();
  let base = '';
  for (const r of records) {
    if (typeof r !== 'object' || r === null)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML: each record must be an object');
    if (r.bn !== undefined) base = r.bn;
    const name = `${base}${r.n ?? ''}`;
    const value: Lwm2mValue | undefined =
      r.v ?? r.vs ?? r.vb ?? (typeof r.vd === 'string' ? Buffer.from(r.vd, 'base64url') : r.vd) ?? r.vlo;
    if (!name.startsWith('/'))
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `SenML: name ${JSON.stringify(name)} is not a path`);
    if (value !== undefined) out.set(name, value);
  }
  return out;
}

export function decodeSenmlJson(bytes: Uint8Array): Lwm2mResources {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `SenML JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML JSON must be an array');
  return resolve(parsed as SenmlRecord[]);
}

export function decodeSenmlCbor(bytes: Uint8Array): Lwm2mResources {
  let parsed: unknown;
  try {
    parsed = decodeCbor(Buffer.from(bytes));
  } catch (error) {
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `SenML CBOR: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML CBOR must be an array');
  const records = parsed.map((item: unknown) => {
    const entries = item instanceof Map ? [...item.entries()] : Object.entries(item as object);
    return Object.fromEntries(
      entries.map(([k, v]) => [CBOR_LABELS[Number(k)] ?? String(k), v]),
    ) as SenmlRecord;
  });
  return resolve(records);
}

/** LwM2M 1.0 JSON (ct 11543): {"bn": "/5/0/", "e": [{"n": "3", "v": 1}, {"n": "6", "sv": "pkg"}]}. */
export function decodeLwm2mJson(bytes: Uint8Array): Lwm2mResources {
  let parsed: { bn?: string; e?: { n?: string; v?: number; sv?: string; bv?: boolean; ov?: string }[] };
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `LwM2M JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed?.e))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'LwM2M JSON needs an "e" array');
  const out: Lwm2mResources = new Map();
  for (const e of parsed.e) {
    const value = e.v ?? e.sv ?? e.bv ?? e.ov;
    if (value !== undefined) out.set(`${parsed.bn ?? ''}${e.n ?? ''}`.replace(/\/\/+/g, '/'), value);
  }
  return out;
}
