import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import { CommittedPositions } from '../committed-positions.ts';
import { splitBySize, TransactionAbortedError } from '../group-commit.ts';
import { type Assignment, type PartitionWriterSource, PartitionWriters } from '../partition-writers.ts';
import type {
  KafkaConnection,
  OutgoingRecord,
  TransactionalPipeline,
  TransactionalPipelineOptions,
} from '../port.ts';
import { chunksByPartition } from './chunks.ts';
import { type RawMessage, toIncoming } from './incoming.ts';
import { baseOptions } from './options.ts';
import { renewingProducer, toMessage } from './publisher.ts';
import { type StableOffsetReader, stableOffsetReader } from './stable-offsets.ts';

/**
 * The stream's messages, taken a round at a time. The stream flows ('data' events) and is paused while a full round
 * waits: in paused mode with read(), @platformatic/kafka 2.12 stops fetching after an empty fetch.
 */
function inbox(stream: Readable, perRound: number) {
  let buffered: RawMessage[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  stream.on('data', (message: RawMessage) => {
    buffered.push(message);
    if (buffered.length >= perRound) stream.pause();
    notify();
  });
  const end = () => {
    ended = true;
    notify();
  };
  stream.once('end', end);
  stream.once('close', end);
  stream.once('error', (error: Error) => {
    failure = error;
    end();
  });
  return {
    /** The next round (at most `perRound` messages), or nothing once the stream has ended. */
    async next(): Promise<RawMessage[]> {
      while (buffered.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
      const round = buffered.slice(0, perRound);
      buffered = buffered.slice(round.length);
      if (buffered.length < perRound && stream.isPaused() && !ended) stream.resume();
      return round;
    },
  };
}

/**
 * A rebalance waiting for a frozen member lasts up to its session timeout: 40 s of retries outlast it. Bounded by
 * time, not attempts: one attempt may itself retry inside the client for minutes (a producer left unusable by a
 * broker restart), and past the budget the pipeline fails so that its supervisor starts it again on fresh producers.
 */
const REBALANCE_RETRY_MS = 40_000;

/**
 * @platformatic/kafka producers, one per input partition. Offsets go in with the consumer's group generation and
 * member id (TxnOffsetCommit v3+, KIP-447): the broker also refuses offsets from a member that lost its partitions.
 */
function writerSource(
  connection: KafkaConnection,
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
  offsets: StableOffsetReader,
): PartitionWriterSource<RawMessage> {
  return {
    async open(transactionalId) {
      const producer = renewingProducer(connection, { transactionalId });
      await producer.claim();
      return {
        commit: (outputs, consumed) =>
          producer.transact(async (transaction) => {
            for (const run of splitBySize(outputs)) await transaction.send({ messages: run.map(toMessage) });
            if (!consumed) return;
            await transaction.addConsumer(consumer);
            await transaction.addOffset(consumed);
          }),
        close: () => producer.close(),
      };
    },
    committedOffset: (topic, partition) => offsets.read(consumer.groupId, topic, partition),
  };
}

/**
 * The same consume-transform-produce contract as the kafkajs pipeline: read_committed input, outputs and offsets in
 * one transaction by the partition's own producer (PartitionWriters), per-partition order kept because a fetched
 * batch's chunks commit before the next batch is read.
 */
export async function startTransactionalPipeline(
  connection: KafkaConnection,
  options: TransactionalPipelineOptions,
): Promise<TransactionalPipeline> {
  const chunkSize = options.maxRecordsPerTransaction ?? 1000;
  const perRound = chunkSize * (options.partitionsConsumedConcurrently ?? 8);
  const consumer = new Consumer({
    ...baseOptions(connection),
    groupId: options.groupId,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    maxWaitTime: 100,
    autocommit: false,
    // Partitions that stay with a member keep flowing through a rebalance (KIP-429).
    protocols: [{ name: 'cooperative-sticky', version: 1 }],
  });
  let failed: Error | undefined;
  let stopping = false;
  const fail = (error: Error) => {
    if (failed || stopping) return;
    failed = error;
    options.onFatal?.(error);
  };
  const committed = options.committedPositions ?? new CommittedPositions();
  const offsets = stableOffsetReader(connection, async (_group, topic, partition) => {
    const found = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [partition] }] });
    const offset = found.get(topic)?.[partition];
    return offset === undefined || offset < 0n ? undefined : offset;
  });
  const writers = new PartitionWriters(
    writerSource(connection, consumer, offsets),
    options.groupId,
    committed,
    options.partitionHooks,
    (error) => fail(error),
  );
  consumer.on('consumer:group:join', ({ assignments }: { assignments: readonly Assignment[] }) =>
    writers.assigned(assignments),
  );
  // A cooperative rebalance first revokes (no join event), then assigns: drop what was revoked at once.
  consumer.on('consumer:group:rebalance', () => writers.assigned(consumer.assignments ?? []));
  const stream = await consumer.consume({
    topics: [...options.topics],
    mode: 'committed',
    fallbackMode: (options.fromBeginning ?? true) ? 'earliest' : 'latest',
    autocommit: false,
  });

  // The consumer reports a rejoin that failed for good as an 'error' event: unheard, it would end the process.
  consumer.on('error', (error: Error) => fail(error));
  const rounds = inbox(stream, perRound);

  // The group position as it is now: a message carries the generation it was fetched in, and after a cooperative
  // rebalance that kept its partition here, offsets sent with that old generation would be refused.
  const positionOf = (message: RawMessage): RawMessage => ({
    ...message,
    metadata: {
      ...message.metadata,
      consumer: {
        groupId: consumer.groupId,
        memberId: consumer.memberId ?? '',
        generationId: consumer.generationId ?? -1,
        coordinatorId: consumer.coordinatorId ?? -1,
      },
    },
  });

  const commitChunk = async (chunk: readonly RawMessage[]): Promise<void> => {
    const last = chunk.at(-1);
    if (!last) return;
    const outputs: OutgoingRecord[] = chunk.flatMap((message) => options.transform(toIncoming(message)));
    const giveUpAt = Date.now() + REBALANCE_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      // Lost to another member meanwhile: the new owner processes it from the committed offset.
      if (!writers.owns(last.topic, last.partition)) return;
      try {
        await writers.commit(last.topic, last.partition, outputs, positionOf(last));
        break;
      } catch (error) {
        const cause = error instanceof Error ? error : new Error(String(error));
        options.onCommitFailed?.(cause);
        // Offsets are refused while the group rebalances (and the transaction aborted, so nothing of it counts):
        // try again once the group is stable, rather than restarting the pipeline into yet another rebalance.
        if (error instanceof TransactionAbortedError && Date.now() < giveUpAt && !stopping && !failed) {
          await sleep(Math.min(1000, 25 * 2 ** attempt));
          continue;
        }
        fail(cause);
        throw cause;
      }
    }
    committed.advance(last.topic, last.partition, last.offset + 1n);
    options.onCommitted?.({ records: chunk.length, produced: outputs.length });
  };

  const loop = (async () => {
    while (!failed && !stopping) {
      const fetched = await rounds.next();
      if (fetched.length === 0) return;
      const round = fetched.filter((m) => writers.owns(m.topic, m.partition));
      const partitions = new Map(round.map((m) => [`${m.topic}:${m.partition}`, m]));
      await Promise.all([...partitions.values()].map((m) => writers.claim(m.topic, m.partition)));
      const messages = round.filter((m) => !committed.done(m.topic, m.partition, m.offset));
      // Partitions commit side by side, each its chunks one after another; a failure stops the loop.
      await Promise.all(
        chunksByPartition(messages, chunkSize).map(async (chunks) => {
          for (const chunk of chunks) await commitChunk(chunk);
        }),
      );
    }
  })().catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));

  return {
    async commit(topic, partition, outputs) {
      if (failed || stopping || !writers.owns(topic, partition)) return;
      await writers.commit(topic, partition, outputs).catch((error: Error) => {
        options.onCommitFailed?.(error);
        fail(error);
        throw error;
      });
    },
    async stop() {
      stopping = true;
      await stream.close().catch(() => undefined);
      await loop; // the commit round in flight finishes (or fails) before the group is left
      await consumer.close().catch(() => undefined);
      await writers.close();
      await offsets.close().catch(() => undefined);
    },
  };
}
