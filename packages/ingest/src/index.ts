export { batchingPublisher } from './batching-publisher.ts';
export {
  contentRecordId,
  expectedOutcomeIds,
  IngestInvalidError,
  IngestTooLargeError,
  IngestUnavailableError,
  publishRaw,
} from './ingest.ts';
