import { decode as decodeCbor } from 'cbor-x';
import { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';
import { type Lwm2mResources, type Lwm2mValue, resourceType } from './model.ts';
import { decodeLwm2mJson, decodeSenmlCbor, decodeSenmlJson } from './senml.ts';
import { decodeTlv } from './tlv.ts';

/** CoAP Content-Format ids a LwM2M 1.0–1.2 client may answer with (OMA LwM2M TS §7.4, CoRE registry). */
export const CONTENT_FORMAT = {
  TEXT: 0,
  LINK_FORMAT: 40,
  OPAQUE: 42,
  CBOR: 60,
  SENML_JSON: 110,
  SENML_CBOR: 112,
  TLV: 11542,
  LWM2M_JSON: 11543,
  TLV_LEGACY: 1542,
  JSON_LEGACY: 1543,
} as const;

/** node-coap reports known formats by media-type name; map them back to their numbers. */
const BY_NAME: Record<string, number> = {
  'text/plain': 0,
  'text/plain;charset=utf-8': 0,
  'application/link-format': 40,
  'application/octet-stream': 42,
  'application/cbor': 60,
  'application/senml+json': 110,
  'application/senml+cbor': 112,
  'application/vnd.oma.lwm2m+tlv': 11542,
  'application/vnd.oma.lwm2m+json': 11543,
};

export function contentFormatNumber(header: unknown): number | undefined {
  if (typeof header === 'number') return header;
  if (typeof header === 'string')
    return BY_NAME[header.toLowerCase()] ?? (/^\d+$/.test(header) ? Number(header) : undefined);
  return undefined;
}

function single(path: string, text: string): Lwm2mValue {
  if (resourceType(path) === 'integer') {
    const n = Number(text.trim());
    if (!Number.isInteger(n))
      throw new Lwm2mCodecError(
        LWM2M_ERRORS.MALFORMED,
        `text: ${JSON.stringify(text)} is not an integer for ${path}`,
      );
    return n;
  }
  return text;
}

/** Decodes a LwM2M payload of any content format into path → value; the request path scopes single values. */
export function decodeContent(
  format: number | undefined,
  payload: Uint8Array,
  requestPath: string,
): Lwm2mResources {
  switch (format ?? CONTENT_FORMAT.TLV) {
    case CONTENT_FORMAT.TEXT:
      return new Map([[requestPath, single(requestPath, Buffer.from(payload).toString('utf8'))]]);
    case CONTENT_FORMAT.OPAQUE:
      return new Map([[requestPath, payload]]);
    case CONTENT_FORMAT.CBOR: {
      try {
        return new Map([[requestPath, decodeCbor(Buffer.from(payload)) as Lwm2mValue]]);
      } catch (error) {
        throw new Lwm2mCodecError(LWM2M_ERRORS.MALFORMED, `CBOR: ${(error as Error).message}`);
      }
    }
    case CONTENT_FORMAT.TLV:
    case CONTENT_FORMAT.TLV_LEGACY:
      return decodeTlv(payload, requestPath);
    case CONTENT_FORMAT.SENML_JSON:
      return decodeSenmlJson(payload);
    case CONTENT_FORMAT.SENML_CBOR:
      return decodeSenmlCbor(payload);
    case CONTENT_FORMAT.LWM2M_JSON:
    case CONTENT_FORMAT.JSON_LEGACY:
      return decodeLwm2mJson(payload);
    default:
      throw new Lwm2mCodecError(
        LWM2M_ERRORS.UNSUPPORTED_FORMAT,
        `content format ${format} is not a LwM2M format`,
      );
  }
}
