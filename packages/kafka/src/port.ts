import type { CommittedPositions } from './committed-positions.ts';
import type { PartitionHooks } from './partition-writers.ts';
import type { ReadStart, RecordHandler } from './read-range.ts';

/** The port every Kafka client implementation stands behind: services and tools never see a client library. */

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
  /** Left out, the key decides (Java's partitioner); given, e.g. a changelog kept co-partitioned with its input. */
  partition?: number;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

/** The port adapters publish through; a test or another client library can stand behind it. */
export interface RecordPublisher {
  /** Resolves only once every record is acknowledged by all in-sync replicas (acks=all). */
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionalPipelineOptions {
  /** Also names each input partition's transactional id (see partitionTransactionalId). */
  groupId: string;
  topics: readonly string[];
  /** Pure: one input record → the records to produce (possibly none). Must not throw. */
  transform: (record: IncomingRecord) => OutgoingRecord[];
  /** Input records per partition handed to one commit round; caps the size of a transaction. */
  maxRecordsPerTransaction?: number;
  /** Partitions processed concurrently, each in transactions of its own. */
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  onCommitted?: (stats: { records: number; produced: number }) => void;
  /** A commit round failed; the pipeline then stops and calls `onFatal`. */
  onCommitFailed?: (error: Error) => void;
  /**
   * The pipeline stopped processing: the client gave up after a non-retriable error, or a commit failed. Its owner
   * stops it and starts a new one, which resumes from the committed offsets (never an in-process retry of the
   * batch: after a commit whose outcome is unknown, that could write the outputs twice).
   */
  onFatal?: (error: Error) => void;
  /**
   * What this process committed before, kept across the pipelines its owner restarts (see CommittedPositions);
   * without it, each pipeline starts with an empty one.
   */
  committedPositions?: CommittedPositions;
  /** A stateful transform's hooks: restore a partition's state when it is claimed, drop it when released. */
  partitionHooks?: PartitionHooks;
}

/** A running followTopics read. */
export interface Follower {
  stop(): Promise<void>;
}

export interface TransactionalPipeline {
  /**
   * Outputs of the pipeline's own (a deadline that passed, say) in the input partition's transaction, after every
   * commit asked for before: fenced like the batches, so a member that lost the partition cannot write them. Resolves
   * without writing when this member does not own the partition; a failure fails the pipeline (onFatal) and rejects.
   */
  commit(topic: string, partition: number, outputs: readonly OutgoingRecord[]): Promise<void>;
  stop(): Promise<void>;
}

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  /** Bounded so that a dead broker turns into a refusal quickly instead of a hung request. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** One Kafka client library's implementation of everything Rosetta's services produce and consume. */
export interface KafkaClientImplementation {
  createPublisher(connection: KafkaConnection): Promise<RecordPublisher>;
  createTransactionalPublisher(
    connection: KafkaConnection,
    transactionalId: string,
  ): Promise<RecordPublisher>;
  startTransactionalPipeline(
    connection: KafkaConnection,
    options: TransactionalPipelineOptions,
  ): Promise<TransactionalPipeline>;
  /**
   * Reads every committed record of `topics` from `start` up to the end offsets seen when the call began, then stops;
   * resolves with how many were handed to `onRecord`. For tools (replay, audits): a fresh group that commits nothing,
   * so it never disturbs the services' groups.
   */
  readRange(
    connection: KafkaConnection,
    topics: readonly string[],
    start: ReadStart,
    onRecord: RecordHandler,
  ): Promise<number>;
  /**
   * Every committed record of `topics` from the earliest offset on (or from the first at/after `since`, epoch ms),
   * and each new one as it is committed, until stopped: a read model's feed (e.g. a compacted topic materialized in
   * memory, or a sliding window over a stream). A fresh group that commits nothing.
   */
  followTopics(
    connection: KafkaConnection,
    topics: readonly string[],
    onRecord: RecordHandler,
    since?: number,
  ): Promise<Follower>;
}
