import { decode as decodeCbor } from 'cbor-x';
import { JsonCodecError, parseJson } from '../json/index.ts';
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

/** SenML packs carry one record per resource; Object 5 has 13, a whole Object 3 about 20. */
export const MAX_SENML_RECORDS = 256;
// Arrays of records of scalars: anything deeper is not LwM2M SenML.
const SENML_JSON_LIMITS = { maxDepth: 4, maxLength: 1024 * 1024 };

function jsonOf(bytes: Uint8Array, what: string): unknown {
  try {
    return parseJson(Buffer.from(bytes).toString('utf8'), SENML_JSON_LIMITS);
  } catch (error) {
    if (error instanceof JsonCodecError)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `${what}: ${error.message}`);
    throw error;
  }
}

function countOf(records: readonly unknown[], what: string): void {
  if (records.length > MAX_SENML_RECORDS)
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `${what}: more than ${MAX_SENML_RECORDS} records`);
}

const FIELD_TYPES: Record<keyof SenmlRecord, (value: unknown) => boolean> = {
  bn: (v) => typeof v === 'string',
  n: (v) => typeof v === 'string',
  v: (v) => typeof v === 'number',
  vs: (v) => typeof v === 'string',
  vb: (v) => typeof v === 'boolean',
  vd: (v) => typeof v === 'string' || v instanceof Uint8Array,
  vlo: (v) => typeof v === 'string',
};

/** RFC 8428 §4.3: each field has one JSON type; a record that breaks that is malformed, not coerced. */
function checkFields(r: SenmlRecord): void {
  for (const field of Object.keys(FIELD_TYPES) as (keyof SenmlRecord)[]) {
    if (r[field] !== undefined && !FIELD_TYPES[field](r[field]))
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `SenML: field "${field}" has the wrong type`);
  }
}

function resolve(records: SenmlRecord[]): Lwm2mResources {
  countOf(records, 'SenML');
  const out: Lwm2mResources = new Map();
  let base = '';
  for (const r of records) {
    if (typeof r !== 'object' || r === null)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML: each record must be an object');
    checkFields(r);
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
  const parsed = jsonOf(bytes, 'SenML JSON');
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
  countOf(parsed, 'SenML CBOR');
  const records = parsed.map((item: unknown) => {
    if (typeof item !== 'object' || item === null)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML: each record must be a map');
    const entries = item instanceof Map ? [...item.entries()] : Object.entries(item as object);
    return Object.fromEntries(
      entries.map(([k, v]) => [CBOR_LABELS[Number(k)] ?? String(k), v]),
    ) as SenmlRecord;
  });
  return resolve(records);
}

/** LwM2M 1.0 JSON (ct 11543): {"bn": "/5/0/", "e": [{"n": "3", "v": 1}, {"n": "6", "sv": "pkg"}]}. */
export function decodeLwm2mJson(bytes: Uint8Array): Lwm2mResources {
  const parsed = jsonOf(bytes, 'LwM2M JSON') as {
    bn?: unknown;
    e?: { n?: unknown; v?: number; sv?: string; bv?: boolean; ov?: string }[];
  } | null;
  if (!Array.isArray(parsed?.e))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'LwM2M JSON needs an "e" array');
  countOf(parsed.e, 'LwM2M JSON');
  const base = typeof parsed.bn === 'string' ? parsed.bn : '';
  const out: Lwm2mResources = new Map();
  for (const e of parsed.e) {
    if (typeof e !== 'object' || e === null)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'LwM2M JSON: each entry must be an object');
    const value: unknown = e.v ?? e.sv ?? e.bv ?? e.ov;
    if (
      value !== undefined &&
      typeof value !== 'number' &&
      typeof value !== 'string' &&
      typeof value !== 'boolean'
    )
      throw new Lwm2mCodecError(
        LWM2M_ERRORS.MALFORMED,
        'LwM2M JSON: a value must be a number, string or boolean',
      );
    const name = typeof e.n === 'string' ? e.n : '';
    if (value !== undefined) out.set(`${base}${name}`.replace(/\/\/+/g, '/'), value);
  }
  return out;
}
