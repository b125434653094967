export {
  type DecodeResult,
  decodeRawRecord,
  encodeRawRecord,
  type RawRecord,
  type RawResult,
} from './raw-record.ts';
