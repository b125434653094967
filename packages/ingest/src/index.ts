export {
  contentRecordId,
  expectedOutcomeIds,
  IngestInvalidError,
  IngestTooLargeError,
  IngestUnavailableError,
  publishRaw,
} from './ingest.ts';
