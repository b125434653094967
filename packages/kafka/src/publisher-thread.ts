import { parentPort, workerData } from 'node:worker_threads';
import { type BatchingOptions, batchingPublisher } from './batching-publisher.ts';
import { type ClientConnection, createPublisher } from './clients.ts';
import type { OutgoingRecord } from './port.ts';

export interface PublisherThreadData {
  connection: ClientConnection;
  batching: BatchingOptions;
}

export type ToPublisherThread =
  | { kind: 'publish'; id: number; records: OutgoingRecord[] }
  | { kind: 'close' };

export type FromPublisherThread =
  | { kind: 'ready' }
  | { kind: 'start-failed'; error: string }
  | { kind: 'published'; id: number }
  | { kind: 'failed'; id: number; error: string };

const port = parentPort;
if (!port) throw new Error('publisher-thread runs as a worker thread (threaded-publisher.ts)');
const { connection, batching } = workerData as PublisherThreadData;
const send = (message: FromPublisherThread) => port.postMessage(message);

try {
  const publisher = batchingPublisher(await createPublisher(connection), batching);
  port.on('message', (message: ToPublisherThread) => {
    if (message.kind === 'close') {
      // Ends this thread only, once everything submitted is acknowledged and the client disconnected.
      void publisher.close().finally(() => process.exit(0));
      return;
    }
    // A Buffer arrives as a plain Uint8Array: the Kafka clients want Buffers (a view, no copy).
    const records = message.records.map((r) =>
      typeof r.value === 'string'
        ? r
        : { ...r, value: Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength) },
    );
    publisher.publish(records).then(
      () => send({ kind: 'published', id: message.id }),
      (error: Error) => send({ kind: 'failed', id: message.id, error: error.message }),
    );
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'start-failed', error: (error as Error).message });
}
