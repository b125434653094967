import { rmSync } from 'node:fs';
import { DEFAULT_WORK_DIR, resolveKafka } from './kafka-source.ts';

// `pnpm kafka start` runs the broker in the foreground; `pnpm kafka wipe` deletes its data directory.
const command = process.argv[2] ?? 'start';
if (command === 'wipe') {
  rmSync(DEFAULT_WORK_DIR, { recursive: true, force: true });
  console.log(`removed ${DEFAULT_WORK_DIR}`);
} else {
  const kafka = await resolveKafka();
  console.log(`Kafka (${kafka.origin}) at ${kafka.brokers.join(',')}; Ctrl-C stops it`);
  const stop = async () => {
    await kafka.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
