import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';
import { type Lwm2mResources, type Lwm2mValue, type ResourceType, typeOfResource } from './model.ts';

// OMA LwM2M TS 1.0 §6.4.3 TLV: type byte = identifier kind (bits 7-6), identifier width (bit 5), length kind
// (bits 4-3), short length (bits 2-0); then identifier, length, value.
const KIND = { OBJECT_INSTANCE: 0, RESOURCE_INSTANCE: 1, MULTIPLE_RESOURCE: 2, RESOURCE: 3 } as const;

interface Tlv {
  kind: number;
  id: number;
  value: Uint8Array;
}

/** Resources of one payload: Object 5 has 13, a whole Object 3 about 20; a payload of thousands is not LwM2M. */
export const MAX_TLV_ENTRIES = 1024;

function truncated(bytes: Uint8Array, at: number, n: number): Lwm2mCodecError {
  return new Lwm2mCodecError(
    LWM2M_ERRORS.MALFORMED,
    `TLV: ${n} byte(s) needed at offset ${at}, only ${bytes.length - at} left`,
  );
}

function readAll(bytes: Uint8Array, budget: { entries: number }): Tlv[] {
  const out: Tlv[] = [];
  const end = bytes.length;
  let i = 0;
  // Each read below is bounds-checked first: the fallback 0 is never taken.
  while (i < end) {
    const type = bytes[i] ?? 0;
    i += 1;
    const idBytes = type & 0x20 ? 2 : 1;
    if (i + idBytes > end) throw truncated(bytes, i, idBytes);
    const id = idBytes === 2 ? ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0) : (bytes[i] ?? 0);
    i += idBytes;
    const lengthKind = (type >> 3) & 0x03;
    let length = type & 0x07;
    if (lengthKind > 0) {
      if (i + lengthKind > end) throw truncated(bytes, i, lengthKind);
      length = 0;
      for (let k = 0; k < lengthKind; k++) length = (length << 8) | (bytes[i + k] ?? 0);
      i += lengthKind;
    }
    if (i + length > end) throw truncated(bytes, i, length);
    budget.entries += 1;
    if (budget.entries > MAX_TLV_ENTRIES)
      throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `TLV: more than ${MAX_TLV_ENTRIES} entries`);
    out.push({ kind: type >> 6, id, value: bytes.subarray(i, i + length) });
    i += length;
  }
  return out;
}

function integer(bytes: Uint8Array, path: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === 1) return view.getInt8(0);
  if (bytes.length === 2) return view.getInt16(0);
  if (bytes.length === 4) return view.getInt32(0);
  if (bytes.length === 8) return Number(view.getBigInt64(0));
  throw new Lwm2mCodecError(
    LWM2M_ERRORS.MALFORMED,
    `TLV: integer ${path} has ${bytes.length} bytes (1, 2, 4 or 8 allowed)`,
  );
}

function value(bytes: Uint8Array, type: ResourceType | undefined, path: string): Lwm2mValue {
  if (type === 'integer') return integer(bytes, path);
  if (type === 'string')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (type === 'boolean') return bytes[0] === 1;
  return bytes;
}

/** Decodes a TLV payload for the requested path (/5/0, /5/0/3, /3/0 ...) into path → value. */
export function decodeTlv(bytes: Uint8Array, requestPath: string): Lwm2mResources {
  const [object, instance] = requestPath.split('/').filter(Boolean);
  const out: Lwm2mResources = new Map();
  const budget = { entries: 0 };
  const walk = (tlvs: Tlv[], prefix: string) => {
    for (const t of tlvs) {
      if (t.kind === KIND.OBJECT_INSTANCE) walk(readAll(t.value, budget), `/${object}/${t.id}`);
      else if (t.kind === KIND.MULTIPLE_RESOURCE) {
        const base = `${prefix}/${t.id}`;
        const type = typeOfResource(object, t.id);
        for (const ri of readAll(t.value, budget)) out.set(`${base}/${ri.id}`, value(ri.value, type, base));
      } else if (t.kind === KIND.RESOURCE) {
        const path = `${prefix}/${t.id}`;
        out.set(path, value(t.value, typeOfResource(object, t.id), path));
      } else
        throw new Lwm2mCodecError(
          LWM2M_ERRORS.MALFORMED,
          `TLV: resource instance ${t.id} outside a multiple resource`,
        );
    }
  };
  walk(readAll(bytes, budget), `/${object}/${instance ?? 0}`);
  return out;
}

/** Encodes single integer resources as TLV (used by tests and the device simulator). */
export function encodeTlvIntegers(resources: readonly [id: number, value: number][]): Buffer {
  return Buffer.concat(
    resources.map(([id, v]) => {
      const bytes =
        v >= -128 && v <= 127 ? Buffer.from([v & 0xff]) : Buffer.from(new Int32Array([v]).buffer).reverse();
      return Buffer.concat([Buffer.from([0xc0 | bytes.length, id]), bytes]);
    }),
  );
}
