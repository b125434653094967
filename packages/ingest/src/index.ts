export { contentRecordId, expectedOutcomeIds, IngestUnavailableError, publishRaw } from './ingest.ts';
