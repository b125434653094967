export { createRawRecord, type NewRawRecord, type ResultSource, resultOutcomeId } from './create.ts';
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
