// The adapter under measurement, in its own process (started with --expose-gc) so its heap is measured alone.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { threadedPublisher } from '@rosetta/kafka';
import { PRODUCE_BATCHING, startLwm2mAdapter } from '../src/app.ts';

// As src/main.ts publishes.
const publisher = await threadedPublisher(
  { brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'bench-lwm2m' },
  PRODUCE_BATCHING,
);
// BENCH_SESSION_SOCKET: coaps only, behind the DTLS gateway (coaps.bench.ts); otherwise NoSec.
const sessionSocket = process.env.BENCH_SESSION_SOCKET;
const adapter = await startLwm2mAdapter({
  publisher,
  ...(sessionSocket
    ? { secure: { sessionSocket } }
    : { port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' }),
  config: {
    tenants: { bench: { endpoints: ['sim-*'] } },
    // BENCH_REUSE_PORT: one of several processes sharing the port (leshan.bench.ts).
    reusePort: process.env.BENCH_REUSE_PORT === 'true',
    // BENCH_RCVBUF compares socket receive-buffer sizes (the default is the adapter's own).
    ...(process.env.BENCH_RCVBUF ? { receiveBufferBytes: Number(process.env.BENCH_RCVBUF) } : {}),
  },
  log: () => undefined,
});
// BENCH_ALLOC_PROF=<file>: where the adapter allocates (garbage included), sampled over the whole run.
const allocations = process.env.BENCH_ALLOC_PROF;
const inspector = allocations ? new Session() : undefined;
inspector?.connect();
inspector?.post('HeapProfiler.startSampling', {
  samplingInterval: 16384,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const exit = () => {
  if (!inspector || !allocations) process.exit(0);
  inspector.post('HeapProfiler.stopSampling', (_error, result) => {
    writeFileSync(allocations, JSON.stringify(result.profile));
    process.exit(0);
  });
};
const gc = (globalThis as { gc?: () => void }).gc;
// 'stats' collects garbage first (the live heap); 'peek' does not (the heap as it is, garbage included).
process.on('message', (message) => {
  if (message === 'exit') return exit(); // normally, so a --cpu-prof profile is written
  if (message !== 'peek') {
    gc?.();
    gc?.();
  }
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss, registrations: adapter.registrations.size(), ...adapter.stats });
});
process.send?.({ port: adapter.port ?? 0 });
