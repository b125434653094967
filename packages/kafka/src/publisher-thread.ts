import { parentPort, workerData } from 'node:worker_threads';
import { type BatchingOptions, batchingPublisher } from './batching-publisher.ts';
import { type ClientConnection, createPublisher } from './clients.ts';
import { perTurn } from './per-turn.ts';
import type { OutgoingRecord } from './port.ts';

export interface PublisherThreadData {
  connection: ClientConnection;
  batching: BatchingOptions;
}

/** One publish() call of the adapter: resolved (or failed) by its id. */
export interface PublishCall {
  id: number;
  records: OutgoingRecord[];
}

/** The outcome of publish() calls: those Kafka acknowledged, and those it did not, with why. */
export interface Settled {
  published: number[];
  failed: { id: number; error: string }[];
}

export type ToPublisherThread = { kind: 'publish'; calls: PublishCall[] } | { kind: 'close' };

export type FromPublisherThread =
  | { kind: 'ready' }
  | { kind: 'start-failed'; error: string }
  | ({ kind: 'settled' } & Settled);

const port = parentPort;
if (!port) throw new Error('publisher-thread runs as a worker thread (threaded-publisher.ts)');
const { connection, batching } = workerData as PublisherThreadData;
const send = (message: FromPublisherThread) => port.postMessage(message);

/** Outcomes of one turn, answered in one message. */
const outcomes = perTurn<{ id: number; error?: string }>((items) => {
  const settled: Settled = { published: [], failed: [] };
  for (const { id, error } of items)
    if (error === undefined) settled.published.push(id);
    else settled.failed.push({ id, error });
  send({ kind: 'settled', ...settled });
});

try {
  const publisher = batchingPublisher(await createPublisher(connection), batching);
  port.on('message', (message: ToPublisherThread) => {
    if (message.kind === 'close') {
      // Ends this thread only, once everything submitted is acknowledged and the client disconnected.
      void publisher
        .close()
        .then(outcomes.flushNow)
        .finally(() => process.exit(0));
      return;
    }
    for (const call of message.calls) {
      // A Buffer arrives as a plain Uint8Array: the Kafka clients want Buffers (a view, no copy).
      const records = call.records.map((r) =>
        typeof r.value === 'string'
          ? r
          : { ...r, value: Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength) },
      );
      publisher.publish(records).then(
        () => outcomes.add({ id: call.id }),
        (error: Error) => outcomes.add({ id: call.id, error: error.message }),
      );
    }
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'start-failed', error: (error as Error).message });
}
