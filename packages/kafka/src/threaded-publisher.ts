import { Worker } from 'node:worker_threads';
import type { BatchingOptions } from './batching-publisher.ts';
import type { ClientConnection } from './clients.ts';
import { perTurn } from './per-turn.ts';
import type { OutgoingRecord, RecordPublisher } from './port.ts';
import type { FromPublisherThread, PublishCall, PublisherThreadData } from './publisher-thread.ts';

const ENTRY = new URL('./publisher-thread.mjs', import.meta.url);
/**
 * The thread's heap is small (~20 MB live). V8 starts marking the old generation as soon as its headroom is below the
 * young generation's capacity; with the default young generation that is right after every full GC, so the thread
 * was marking without pause (one full GC per 250 ms under load). 8 MB keeps full GCs rare: measured with 100,000
 * LwM2M registrations, 4 instead of ~120 full GCs, and ~10 % less CPU for the whole adapter process.
 */
const PUBLISHER_YOUNG_GENERATION_MB = 8;

/**
 * A publisher whose Kafka client runs on a worker thread of its own: encoding produce requests, checksums and
 * answers from the broker never take time from the thread that answers devices. Records are batched there
 * (batchingPublisher with `batching`); each publish() still resolves only once Kafka acknowledged its records
 * (acks=all). A thread that dies fails what it held and is replaced on the next publish().
 */
export interface ThreadedPublisher extends RecordPublisher {
  /** The thread now publishing (undefined once it died, until the next publish()): for tests and diagnostics. */
  thread(): Promise<Worker> | undefined;
}

export async function threadedPublisher(
  connection: ClientConnection,
  batching: BatchingOptions = {},
): Promise<ThreadedPublisher> {
  const data: PublisherThreadData = { connection, batching };
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      // execArgv [] : the entry registers its own TypeScript loader, whatever the parent was started with.
      const worker = new Worker(ENTRY, {
        workerData: data,
        execArgv: [],
        resourceLimits: { maxYoungGenerationSizeMb: PUBLISHER_YOUNG_GENERATION_MB },
      });
      const failAll = (error: Error) => {
        for (const [id, waiting] of pending) {
          pending.delete(id);
          waiting.reject(error);
        }
      };
      worker.on('message', (message: FromPublisherThread) => {
        if (message.kind === 'ready') return resolve(worker);
        if (message.kind === 'start-failed') return reject(new Error(message.error));
        for (const id of message.published) {
          pending.get(id)?.resolve();
          pending.delete(id);
        }
        for (const { id, error } of message.failed) {
          pending.get(id)?.reject(new Error(error));
          pending.delete(id);
        }
      });
      worker.on('error', (error) => {
        reject(error);
        failAll(error);
      });
      worker.on('exit', (code) => {
        thread = undefined;
        failAll(new Error(`the Kafka publisher thread exited (code ${code})`));
      });
    });

  let thread: Promise<Worker> | undefined = start();
  let current = await thread;
  // The calls of one turn go to the thread as one message (one structured clone, one wake-up of the thread).
  const calls = perTurn<PublishCall>((batch) => current.postMessage({ kind: 'publish', calls: batch }));
  return {
    thread: () => thread,
    publish: async (records: readonly OutgoingRecord[]) => {
      if (records.length === 0) return;
      thread ??= start();
      const worker = await thread;
      if (worker !== current) {
        calls.flushNow(); // a replaced thread's calls were failed with it; none is held for it
        current = worker;
      }
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        calls.add({ id, records: [...records] });
      });
    },
    close: async () => {
      calls.flushNow();
      const worker = await thread;
      if (!worker) return;
      thread = undefined;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ kind: 'close' });
      });
    },
  };
}
