export { toInstant } from './instant.ts';
export {
  type DecodeResult,
  decodeRawRecord,
  encodeRawRecord,
  FIELD_LIMITS,
  type RawRecord,
  type RawResult,
  rawRecordProblems,
} from './raw-record.ts';
