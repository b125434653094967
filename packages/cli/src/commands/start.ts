import { createKafka, ensureTopics, rosettaTopics } from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { startNormalizer } from '@rosetta/normalizer';
import type { Command } from 'commander';

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/** `rosetta start`: Kafka (env, Docker or local JVM), the topics, then every service in this one process. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('start Kafka and every Rosetta service in one process for local use (Ctrl-C stops all)')
    .action(async () => {
      const kafkaHandle = await resolveKafka();
      const brokers = kafkaHandle.brokers;
      const admin = createKafka({ brokers, clientId: 'rosetta-start' }).admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics());
      await admin.disconnect();
      console.log(`Kafka (${kafkaHandle.origin}) at ${brokers.join(',')}`);

      const services: Stoppable[] = [];
      const normalizer = await startNormalizer({ brokers, instanceId: 'local' });
      services.push({ name: 'normalizer', stop: () => normalizer.stop() });
      console.log('normalizer: rosetta.raw.* → rosetta.outcomes.v1 (DLQ rosetta.outcomes.dlq.v1)');
      console.log('Rosetta is running; Ctrl-C stops everything.');

      let stopping = false;
      const stop = async (): Promise<void> => {
        if (stopping) return;
        stopping = true;
        console.log('stopping...');
        // Services first (they flush to Kafka), the broker last.
        for (const service of services.reverse()) await service.stop();
        await kafkaHandle.stop();
        process.exit(0);
      };
      // `on`, not `once`: Ctrl-C reaches this process both from the terminal and relayed by pnpm/tsx, and a second
      // SIGINT with no listener would kill the process before the broker is stopped.
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
    });
}
