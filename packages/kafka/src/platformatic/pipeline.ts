import type { Readable } from 'node:stream';
import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import { CommittedPositions } from '../committed-positions.ts';
import { splitBySize } from '../group-commit.ts';
import { type Assignment, type PartitionWriterSource, PartitionWriters } from '../partition-writers.ts';
import type {
  KafkaConnection,
  OutgoingRecord,
  TransactionalPipeline,
  TransactionalPipelineOptions,
} from '../port.ts';
import { type RawMessage, toIncoming } from './incoming.ts';
import { baseOptions } from './options.ts';
import { renewingProducer, toMessage } from './publisher.ts';

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

/** Per partition, consecutive runs of its messages, at most `size` each, in stream order. */
function chunksByPartition(messages: readonly RawMessage[], size: number): RawMessage[][][] {
  const byPartition = new Map<string, RawMessage[][]>();
  for (const message of messages) {
    const id = `${message.topic}:${message.partition}`;
    const runs = byPartition.get(id) ?? [];
    const last = runs.at(-1);
    if (last && last.length < size) last.push(message);
    else runs.push([message]);
    byPartition.set(id, runs);
  }
  return [...byPartition.values()];
}

/**
 * @platformatic/kafka producers, one per input partition. Offsets go in with the consumer's group generation and
 * member id (TxnOffsetCommit v3+, KIP-447): the broker also refuses offsets from a member that lost its partitions.
 */
function writerSource(
  connection: KafkaConnection,
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
): PartitionWriterSource<RawMessage> {
  return {
    async open(transactionalId) {
      const producer = renewingProducer(connection, { transactionalId });
      await producer.claim();
      return {
        commit: (outputs, consumed) =>
          producer.transact(async (transaction) => {
            for (const run of splitBySize(outputs)) await transaction.send({ messages: run.map(toMessage) });
            await transaction.addConsumer(consumer);
            await transaction.addOffset(consumed);
          }),
        close: () => producer.close(),
      };
    },
    async committedOffset(topic, partition) {
      const offsets = await consumer.listCommittedOffsets({ topics: [{ topic, partitions: [partition] }] });
      const offset = offsets.get(topic)?.[partition];
      return offset === undefined || offset < 0n ? undefined : offset;
    },
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
  });
  const committed = options.committedPositions ?? new CommittedPositions();
  const writers = new PartitionWriters(writerSource(connection, consumer), options.groupId, committed);
  consumer.on('consumer:group:join', ({ assignments }: { assignments: readonly Assignment[] }) =>
    writers.assigned(assignments),
  );
  const stream = await consumer.consume({
    topics: [...options.topics],
    mode: 'committed',
    fallbackMode: (options.fromBeginning ?? true) ? 'earliest' : 'latest',
    autocommit: false,
  });

  let failed: Error | undefined;
  let stopping = false;
  const fail = (error: Error) => {
    if (failed || stopping) return;
    failed = error;
    options.onFatal?.(error);
  };
  const rounds = inbox(stream, perRound);

  const commitChunk = async (chunk: readonly RawMessage[]): Promise<void> => {
    const last = chunk.at(-1);
    if (!last) return;
    const outputs: OutgoingRecord[] = chunk.flatMap((message) => options.transform(toIncoming(message)));
    try {
      await writers.commit(last.topic, last.partition, outputs, last);
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      options.onCommitFailed?.(cause);
      fail(cause);
      throw cause;
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
    async stop() {
      stopping = true;
      await stream.close().catch(() => undefined);
      await loop; // the commit round in flight finishes (or fails) before the group is left
      await consumer.close().catch(() => undefined);
      await writers.close();
    },
  };
}
