export type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
export { type BatchingOptions, batchingPublisher } from './batching-publisher.ts';
export { createKafka, createTopics, ensureTopics, waitForBroker } from './client.ts';
export {
  type ClientConnection,
  createPublisher,
  createTransactionalPublisher,
  DEFAULT_KAFKA_CLIENT,
  followTopics,
  isKafkaClientName,
  KAFKA_CLIENT_NAMES,
  KAFKA_CLIENTS,
  type KafkaClientName,
  kafkaClientFromEnv,
  readRange,
  startTransactionalPipeline,
} from './clients.ts';
export { type CoalescingOptions, CoalescingQueue } from './coalescing-queue.ts';
export { CommittedPositions } from './committed-positions.ts';
export { KAFKA_ERRORS, KafkaError, type KafkaErrorCode } from './errors.ts';
export { DLQ_HEADER, decodeHeaders } from './headers.ts';
export type { PartitionHooks } from './partition-writers.ts';
export type {
  Follower,
  IncomingRecord,
  KafkaConnection,
  OutgoingRecord,
  RecordPublisher,
  TransactionalPipeline,
  TransactionalPipelineOptions,
} from './port.ts';
export type { ReadStart, RecordHandler } from './read-range.ts';
export { MAX_RECORD_BYTES, recordBytes } from './record-size.ts';
export { kafkaSecurityFromEnv } from './security.ts';
export {
  type PipelineEvents,
  type SupervisedPipeline,
  type SupervisionOptions,
  superviseTransactionalPipeline,
} from './supervised-pipeline.ts';
export { threadedPublisher } from './threaded-publisher.ts';
export {
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
  DEFAULT_TOPIC_LAYOUT,
  DLQ_TOPIC,
  LWM2M_KNOWN_VALUES_TOPIC,
  OUTCOMES_TOPIC,
  RAW_TOPICS,
  rawTopic,
  rosettaTopics,
  type TopicLayout,
  type TopicNames,
  type TopicSpec,
  topicLayoutFromEnv,
  topicNames,
  UPDATES_TOPIC,
} from './topics.ts';
