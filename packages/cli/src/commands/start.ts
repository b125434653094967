import { createKafka, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import type { Command } from 'commander';

/** `rosetta start`: Kafka (env, Docker or local JVM), the topics, then every service in this one process. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start Kafka and every Rosetta service in one process for local use (Ctrl-C stops all)')
    .action(async () => {
      const kafkaHandle = await resolveKafka();
      const admin = createKafka({ brokers: kafkaHandle.brokers, clientId: 'rosetta-start' }).admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics());
      await admin.disconnect();
      console.log(`Kafka (${kafkaHandle.origin}) at ${kafkaHandle.brokers.join(',')}`);
      const stop = async (): Promise<void> => {
        console.log('stopping...');
        await kafkaHandle.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
