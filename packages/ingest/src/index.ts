export { batchingPublisher } from './batching-publisher.ts';
export { contentRecordId, expectedOutcomeIds, IngestUnavailableError, publishRaw } from './ingest.ts';
