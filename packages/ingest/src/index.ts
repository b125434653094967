export {
  INGEST_ERRORS,
  IngestInvalidError,
  IngestTooLargeError,
  IngestUnavailableError,
} from './errors.ts';
export { contentRecordId, expectedOutcomeIds, publishRaw } from './ingest.ts';
