import { createPublisher, OUTCOMES_TOPIC } from '@rosetta/kafka';
import { type Outcome, toCloudEvent } from '@rosetta/outcome-schema';

export interface OutcomeSink {
  write(outcomes: readonly Outcome[]): Promise<void>;
  close(): Promise<void>;
}

export function stdoutOutcomeSink(): OutcomeSink {
  return {
    write: async (outcomes) => {
      if (outcomes.length === 0) return;
      const text = outcomes.map((o) => JSON.stringify(o)).join('\n');
      if (!process.stdout.write(`${text}\n`))
        await new Promise((resolve) => process.stdout.once('drain', resolve));
    },
    close: async () => undefined,
  };
}

/** Publishes imported outcomes as CloudEvents with acks=all to the brokers in KAFKA_BROKERS. */
export async function kafkaOutcomeSink(): Promise<OutcomeSink> {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  if (!brokers?.length) throw new Error('--kafka needs KAFKA_BROKERS=host:port[,host:port]');
  const publisher = await createPublisher({ brokers, clientId: 'rosetta-import' });
  return {
    write: (outcomes) => {
      const recordedTime = new Date().toISOString();
      return publisher.publish(
        outcomes.map((o) => ({ topic: OUTCOMES_TOPIC, ...toCloudEvent(o, recordedTime) })),
      );
    },
    close: () => publisher.close(),
  };
}
