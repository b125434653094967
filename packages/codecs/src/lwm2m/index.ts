export { CONTENT_FORMAT, contentFormatNumber, decodeContent } from './content.ts';
export { LWM2M_ERRORS, Lwm2mCodecError } from './errors.ts';
export { type Link, parseLinkFormat } from './link-format.ts';
export type { Lwm2mResources, Lwm2mValue } from './model.ts';
export {
  decodeLwm2mJson,
  decodeSenmlCbor,
  decodeSenmlJson,
  decodeSenmlPack,
  type SenmlPack,
} from './senml.ts';
export { decodeTlv, encodeTlvIntegers } from './tlv.ts';
