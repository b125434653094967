import { createKafka } from './client.ts';
import { KAFKA_ERRORS, KafkaError } from './errors.ts';
import * as kafkajsFollow from './kafkajs/follow.ts';
import * as kafkajsPipeline from './kafkajs/pipeline.ts';
import * as kafkajsPublisher from './kafkajs/publisher.ts';
import * as kafkajsReadRange from './kafkajs/read-range.ts';
import * as platformaticFollow from './platformatic/follow.ts';
import * as platformaticPipeline from './platformatic/pipeline.ts';
import * as platformaticPublisher from './platformatic/publisher.ts';
import * as platformaticReadRange from './platformatic/read-range.ts';
import type {
  Follower,
  KafkaClientImplementation,
  KafkaConnection,
  RecordPublisher,
  TransactionalPipeline,
  TransactionalPipelineOptions,
} from './port.ts';
import type { ReadStart, RecordHandler } from './read-range.ts';

export const KAFKA_CLIENT_NAMES = ['kafkajs', 'platformatic'] as const;

export type KafkaClientName = (typeof KAFKA_CLIENT_NAMES)[number];

/**
 * The client libraries behind the port. kafkajs is the default (the user's choice); @platformatic/kafka is the
 * maintained alternative, selected with ROSETTA_KAFKA_CLIENT=platformatic or `kafka.client` in a service's config.
 */
export const KAFKA_CLIENTS = {
  kafkajs: {
    createPublisher: (connection) => kafkajsPublisher.createPublisher(createKafka(connection)),
    createTransactionalPublisher: (connection, id) =>
      kafkajsPublisher.createTransactionalPublisher(createKafka(connection), id),
    startTransactionalPipeline: (connection, options) =>
      kafkajsPipeline.startTransactionalPipeline(createKafka(connection), connection, options),
    readRange: (connection, topics, start, onRecord) =>
      kafkajsReadRange.readRange(createKafka(connection), topics, start, onRecord),
    followTopics: (connection, topics, onRecord, since) =>
      kafkajsFollow.followTopics(createKafka(connection), topics, onRecord, since),
  },
  platformatic: {
    createPublisher: platformaticPublisher.createPublisher,
    createTransactionalPublisher: platformaticPublisher.createTransactionalPublisher,
    startTransactionalPipeline: platformaticPipeline.startTransactionalPipeline,
    readRange: platformaticReadRange.readRange,
    followTopics: platformaticFollow.followTopics,
  },
} as const satisfies Record<KafkaClientName, KafkaClientImplementation>;

export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'kafkajs';

export function isKafkaClientName(name: string): name is KafkaClientName {
  return Object.hasOwn(KAFKA_CLIENTS, name);
}

/** `ROSETTA_KAFKA_CLIENT`; an unknown name is an error, never a silent default. */
export function kafkaClientFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaClientName {
  const wanted = env.ROSETTA_KAFKA_CLIENT?.trim();
  if (!wanted) return DEFAULT_KAFKA_CLIENT;
  if (isKafkaClientName(wanted)) return wanted;
  throw new KafkaError(
    KAFKA_ERRORS.CONFIG,
    `ROSETTA_KAFKA_CLIENT=${wanted} is not one of ${Object.keys(KAFKA_CLIENTS).join(', ')}`,
  );
}

/** A connection plus the client library to use; without `client`, ROSETTA_KAFKA_CLIENT decides. */
export interface ClientConnection extends KafkaConnection {
  client?: KafkaClientName;
}

function implementation(connection: ClientConnection): KafkaClientImplementation {
  return KAFKA_CLIENTS[connection.client ?? kafkaClientFromEnv()];
}

/** An idempotent acks=all publisher: resolves once all in-sync replicas have every record. */
export function createPublisher(connection: ClientConnection): Promise<RecordPublisher> {
  return implementation(connection).createPublisher(connection);
}

/** A publisher whose every publish() is all-or-nothing (one Kafka transaction, concurrent calls group-committed). */
export function createTransactionalPublisher(
  connection: ClientConnection,
  transactionalId: string,
): Promise<RecordPublisher> {
  return implementation(connection).createTransactionalPublisher(connection, transactionalId);
}

/** Exactly-once consume-transform-produce; see each implementation for how its client keeps the contract. */
export function startTransactionalPipeline(
  connection: ClientConnection,
  options: TransactionalPipelineOptions,
): Promise<TransactionalPipeline> {
  return implementation(connection).startTransactionalPipeline(connection, options);
}

/** Every committed record of `topics` from `start` to the end seen at the call; see the port for the contract. */
export function readRange(
  connection: ClientConnection,
  topics: readonly string[],
  start: ReadStart,
  onRecord: RecordHandler,
): Promise<number> {
  return implementation(connection).readRange(connection, topics, start, onRecord);
}

/** Every committed record of `topics` from the earliest (or `since`) on, and each new one; see the port. */
export function followTopics(
  connection: ClientConnection,
  topics: readonly string[],
  onRecord: RecordHandler,
  since?: number,
): Promise<Follower> {
  return implementation(connection).followTopics(connection, topics, onRecord, since);
}
