// The adapter under measurement, in its own process (started with --expose-gc) so its heap is measured alone.
import { createKafka, createPublisher } from '@rosetta/kafka';
import { startLwm2mAdapter } from '../src/app.ts';

const publisher = await createPublisher(
  createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'bench-lwm2m' }),
);
const adapter = await startLwm2mAdapter({
  publisher,
  port: 0,
  host: '127.0.0.1',
  config: { tenants: { bench: { endpoints: ['sim-*'] } } },
  log: () => undefined,
});
const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', () => {
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss, registrations: adapter.registrations.size(), ...adapter.stats });
});
process.send?.({ port: adapter.port });
