import { startNormalizer } from './app.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const normalizer = await startNormalizer({
  brokers,
  ...(process.env.NORMALIZER_INSTANCE_ID ? { instanceId: process.env.NORMALIZER_INSTANCE_ID } : {}),
  ...(process.env.NORMALIZER_GROUP_ID ? { groupId: process.env.NORMALIZER_GROUP_ID } : {}),
  onFatal: () => process.exit(1),
});
console.log(JSON.stringify({ level: 'info', msg: 'normalizer running', brokers }));

// SIGTERM: let the open transaction finish (or abort), then leave the group so partitions move at once.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void normalizer.stop().then(() => {
      console.log(JSON.stringify({ level: 'info', msg: 'normalizer stopped', ...normalizer.counters }));
      process.exit(0);
    });
  });
}
