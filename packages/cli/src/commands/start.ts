import { fileURLToPath } from 'node:url';
import { createTopics, rosettaTopics, topicLayoutFromEnv } from '@rosetta/kafka';
import { lifecycleService } from '@rosetta/lifecycle-service';
import { resolveKafka } from '@rosetta/local-kafka';
import { lwm2mService } from '@rosetta/lwm2m-adapter';
import { normalizerService } from '@rosetta/normalizer';
import { omadmService } from '@rosetta/omadm-adapter';
import type { Listener, ServiceDescriptor } from '@rosetta/service-config';
import { webhookService } from '@rosetta/webhook-adapter';
import type { Command } from 'commander';
import { Supervisor } from '../supervisor.ts';

/** Started in this order; the normalizer first so outcomes flow as soon as an adapter accepts a result. */
const SERVICES: readonly ServiceDescriptor[] = [
  normalizerService,
  omadmService,
  webhookService,
  lwm2mService,
  lifecycleService,
];

const localConfigFile = (service: ServiceDescriptor) =>
  fileURLToPath(new URL(`../../../../deploy/local/${service.name}.yaml`, import.meta.url));

const healthUrl = ({ host, port }: Listener) => `http://${host}:${port}/healthz`;

async function healthy(listener: Listener, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const ok = await fetch(healthUrl(listener))
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * `rosetta start`: Kafka (env, Docker or local JVM), the topics, then every service's own entry point in its own
 * supervised process with the deploy/local configuration; each serves its health, readiness and metrics as in
 * production.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'start Kafka and every Rosetta service, one supervised process each, for local use (Ctrl-C stops all)',
    )
    .action(async () => {
      const kafkaHandle = await resolveKafka();
      const brokers = kafkaHandle.brokers;
      await createTopics({ brokers, clientId: 'rosetta-start' }, rosettaTopics(topicLayoutFromEnv()));
      const services = SERVICES.map((service) => {
        const file = localConfigFile(service);
        return { service, file, ...service.launch(file) };
      });
      const broker = kafkaHandle.local ? `Apache Kafka ${kafkaHandle.local.version}, ` : '';
      console.log(
        `Node ${process.version}; Kafka (${broker}${kafkaHandle.origin}) at ${brokers.join(',')}; client ${services[0]?.kafka.client}`,
      );

      let stopping = false;
      const shutdown = async (code: number): Promise<void> => {
        if (stopping) return;
        stopping = true;
        console.log('stopping...');
        await supervisor.stop(); // services first (they flush to Kafka), the broker last
        await kafkaHandle.stop();
        process.exit(code);
      };
      const supervisor = new Supervisor({
        onGiveUp: (reason) => {
          console.error(`rosetta start: ${reason}`);
          void shutdown(1);
        },
      });
      for (const { service, file, companions } of services) {
        supervisor.start({
          name: service.name,
          run: { main: service.main },
          env: {
            ROSETTA_CONFIG_FILE: file,
            KAFKA_BROKERS: brokers.join(','),
            ROSETTA_INSTANCE_ID: process.env.ROSETTA_INSTANCE_ID ?? 'local',
            ROSETTA_CREATE_TOPICS: 'false',
          },
        });
        for (const companion of companions) {
          companion.prepare?.();
          supervisor.start({
            name: companion.name,
            run: { command: companion.command, args: companion.args },
            env: companion.env,
          });
        }
      }
      // `on`, not `once`: Ctrl-C reaches this process both from the terminal and relayed by pnpm/tsx, and a second
      // SIGINT with no listener would kill the process before the broker is stopped.
      process.on('SIGINT', () => void shutdown(0));
      process.on('SIGTERM', () => void shutdown(0));

      const running = services.flatMap(({ service, health, banner, companions }) => [
        { name: service.name, health, banner },
        ...companions,
      ]);
      for (const { name, health, banner } of running) {
        if (!(await healthy(health, 90_000))) {
          console.error(`rosetta start: ${name} did not answer ${healthUrl(health)} within 90 s`);
          return shutdown(1);
        }
        console.log(banner);
      }
      console.log(
        `Rosetta is running (one process per service: ${JSON.stringify(supervisor.pids())}); Ctrl-C stops everything.`,
      );
    });
}
