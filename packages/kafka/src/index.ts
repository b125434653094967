export type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
export { createKafka, ensureTopics, type KafkaOptions, waitForBroker } from './client.ts';
export { DLQ_HEADER, decodeHeaders } from './headers.ts';
export { createPublisher, type OutgoingRecord, type RecordPublisher } from './producer.ts';
export { type ReadStart, readRange } from './read-range.ts';
export { MAX_RECORD_BYTES, recordBytes } from './record-size.ts';
export { kafkaSecurityFromEnv } from './security.ts';
export {
  DEFAULT_TOPIC_LAYOUT,
  DLQ_TOPIC,
  OUTCOMES_TOPIC,
  RAW_TOPICS,
  rawTopic,
  rosettaTopics,
  type TopicLayout,
  type TopicSpec,
  topicLayoutFromEnv,
} from './topics.ts';
export {
  type IncomingRecord,
  startTransactionalPipeline,
  type TransactionalPipeline,
  type TransactionalPipelineOptions,
} from './transactional.ts';
export { createTransactionalPublisher } from './transactional-publisher.ts';
