import { decode as decodeCbor } from 'cbor-x';
import { JsonCodecError, parseJson } from '../json/index.ts';
import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';
import type { Lwm2mResources, Lwm2mValue } from './model.ts';

// SenML (RFC 8428) as LwM2M 1.1 §7.4.4/7.4.5 uses it: JSON (ct 110) and CBOR (ct 112, integer labels:
// -3 bt, -2 bn, 0 n, 2 v, 3 vs, 4 vb, 6 t, 8 vd; "vlo" stays a text key).
interface SenmlRecord {
  bn?: string;
  bt?: number;
  n?: string;
  t?: number;
  v?: number;
  vs?: string;
  vb?: boolean;
  vd?: Uint8Array | string;
  vlo?: string;
}

const CBOR_LABELS: Record<number, keyof SenmlRecord> = {
  [-3]: 'bt',
  [-2]: 'bn',
  0: 'n',
  2: 'v',
  3: 'vs',
  4: 'vb',
  6: 't',
  8: 'vd',
};

/** A SenML pack as LwM2M reads it: path → value, and path → when the value was taken (ms since the epoch). */
export interface SenmlPack {
  values: Lwm2mResources;
  times: Map<string, number>;
}

/** The SenML content formats (CONTENT_FORMAT in content.ts, which imports this file). */
const SENML_JSON = 110;
const SENML_CBOR = 112;

/** RFC 8428 §4.5.3: 2^28 s and later are absolute; below, relative to now (0 is "now"). */
const ABSOLUTE_FROM_SECONDS = 2 ** 28;
/** Past this a Date (and an ISO timestamp) cannot be written: 9999-12-31T23:59:59Z. */
const LAST_SECOND = 253_402_300_799;

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
  bt: (v) => typeof v === 'number' && Number.isFinite(v),
  n: (v) => typeof v === 'string',
  t: (v) => typeof v === 'number' && Number.isFinite(v),
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

function timeOf(seconds: number, now: number): number {
  const at = seconds >= ABSOLUTE_FROM_SECONDS ? seconds * 1000 : now + seconds * 1000;
  if (!(at >= 0 && at <= LAST_SECOND * 1000))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML: time is outside 1970-9999');
  return Math.round(at);
}

function resolve(records: SenmlRecord[], now: number): SenmlPack {
  countOf(records, 'SenML');
  const out: Lwm2mResources = new Map();
  const times = new Map<string, number>();
  let base = '';
  let baseTime: number | undefined;
  for (const r of records) {
    if (typeof r !== 'object' || r === null)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML: each record must be an object');
    checkFields(r);
    if (r.bn !== undefined) base = r.bn;
    if (r.bt !== undefined) baseTime = r.bt;
    const name = `${base}${r.n ?? ''}`;
    const value: Lwm2mValue | undefined =
      r.v ?? r.vs ?? r.vb ?? (typeof r.vd === 'string' ? Buffer.from(r.vd, 'base64url') : r.vd) ?? r.vlo;
    if (!name.startsWith('/'))
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `SenML: name ${JSON.stringify(name)} is not a path`);
    if (value === undefined) continue;
    out.set(name, value);
    if (baseTime !== undefined || r.t !== undefined)
      times.set(name, timeOf((baseTime ?? 0) + (r.t ?? 0), now));
  }
  return { values: out, times };
}

export function decodeSenmlJson(bytes: Uint8Array): Lwm2mResources {
  return senmlJsonPack(bytes, Date.now()).values;
}

export function decodeSenmlCbor(bytes: Uint8Array): Lwm2mResources {
  return senmlCborPack(bytes, Date.now()).values;
}

/** A SenML JSON or CBOR pack with its times (LwM2M Send carries them); `now` anchors relative times. */
export function decodeSenmlPack(format: number, bytes: Uint8Array, now: number): SenmlPack {
  if (format === SENML_JSON) return senmlJsonPack(bytes, now);
  if (format === SENML_CBOR) return senmlCborPack(bytes, now);
  throw new Lwm2mCodecError(LWM2M_ERRORS.UNSUPPORTED_FORMAT, `content format ${format} is not SenML`);
}

function senmlJsonPack(bytes: Uint8Array, now: number): SenmlPack {
  const parsed = jsonOf(bytes, 'SenML JSON');
  if (!Array.isArray(parsed))
    throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, 'SenML JSON must be an array');
  return resolve(parsed as SenmlRecord[], now);
}

function senmlCborPack(bytes: Uint8Array, now: number): SenmlPack {
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
  return resolve(records, now);
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
