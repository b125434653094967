import { fileURLToPath } from 'node:url';
import { createKafka, ensureTopics, rosettaTopics, topicLayoutFromEnv } from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { type Lwm2mServiceConfig, lwm2mConfigSpec } from '@rosetta/lwm2m-adapter';
import { type NormalizerServiceConfig, normalizerConfigSpec } from '@rosetta/normalizer';
import { type OmadmServiceConfig, omadmConfigSpec } from '@rosetta/omadm-adapter';
import { type Listener, loadServiceConfigOrExit, type ServiceConfigSpec } from '@rosetta/service-config';
import { type WebhookConfig, webhookConfigSpec } from '@rosetta/webhook-adapter';
import type { Command } from 'commander';
import { type ServiceSpec, Supervisor } from '../supervisor.ts';

const REPO = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** deploy/local/<service>.yaml, with the same environment overrides the service's own main applies. */
function localConfig<T>(spec: ServiceConfigSpec): { file: string; config: T } {
  const file = REPO(`deploy/local/${spec.service}.yaml`);
  return { file, config: loadServiceConfigOrExit<T>(spec, { file }) };
}

const url = (listener: Listener, path = '') => `http://${listener.host}:${listener.port}${path}`;

async function healthy(listener: Listener, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    const ok = await fetch(url(listener, '/healthz'))
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * `rosetta start`: Kafka (env, Docker or local JVM), the topics, then every service in its own supervised process
 * with the deploy/local configuration; each serves its health, readiness and metrics as in production.
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
      const admin = createKafka({ brokers, clientId: 'rosetta-start' }).admin();
      await admin.connect();
      await ensureTopics(admin, rosettaTopics(topicLayoutFromEnv()));
      await admin.disconnect();
      const normalizer = localConfig<NormalizerServiceConfig>(normalizerConfigSpec);
      const omadm = localConfig<OmadmServiceConfig>(omadmConfigSpec);
      const webhook = localConfig<WebhookConfig>(webhookConfigSpec);
      const lwm2m = localConfig<Lwm2mServiceConfig>(lwm2mConfigSpec);
      const broker = kafkaHandle.local ? `Apache Kafka ${kafkaHandle.local.version}, ` : '';
      console.log(
        `Node ${process.version}; Kafka (${broker}${kafkaHandle.origin}) at ${brokers.join(',')}; client ${normalizer.config.kafka.client}`,
      );
      const env = (file: string): NodeJS.ProcessEnv => ({
        ROSETTA_CONFIG_FILE: file,
        KAFKA_BROKERS: brokers.join(','),
        ROSETTA_INSTANCE_ID: process.env.ROSETTA_INSTANCE_ID ?? 'local',
        ROSETTA_CREATE_TOPICS: 'false',
      });
      const services: (ServiceSpec & { health: Listener; banner: string })[] = [
        {
          name: 'normalizer',
          main: REPO('services/normalizer/src/main.ts'),
          env: env(normalizer.file),
          health: normalizer.config.admin,
          banner: `normalizer: rosetta.raw.* → rosetta.outcomes.v1 (DLQ rosetta.outcomes.dlq.v1); admin ${url(normalizer.config.admin)}`,
        },
        {
          name: 'omadm-adapter',
          main: REPO('services/omadm-adapter/src/main.ts'),
          env: env(omadm.file),
          health: omadm.config.http,
          banner: `omadm-adapter: ${url(omadm.config.http, '/omadm')} (SyncML DM XML/WBXML), /omadm/alerts (JSON); health on the same port`,
        },
        {
          name: 'webhook-adapter',
          main: REPO('services/webhook-adapter/src/main.ts'),
          env: env(webhook.file),
          health: webhook.config.http,
          banner: `webhook-adapter: ${url(webhook.config.http)}/webhooks/{knox-efota,pelion-update,eas-provision}, OpenAPI at /docs, mapping explorer at /explorer`,
        },
        {
          name: 'lwm2m-adapter',
          main: REPO('services/lwm2m-adapter/src/main.ts'),
          env: env(lwm2m.file),
          health: lwm2m.config.admin,
          banner: `lwm2m-adapter: coap://${lwm2m.config.coap.host}:${lwm2m.config.coap.port} (LwM2M registration interface /rd, NoSec); admin ${url(lwm2m.config.admin)}`,
        },
      ];

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
      for (const service of services) supervisor.start(service);
      // `on`, not `once`: Ctrl-C reaches this process both from the terminal and relayed by pnpm/tsx, and a second
      // SIGINT with no listener would kill the process before the broker is stopped.
      process.on('SIGINT', () => void shutdown(0));
      process.on('SIGTERM', () => void shutdown(0));

      for (const service of services) {
        if (!(await healthy(service.health, 90_000))) {
          console.error(
            `rosetta start: ${service.name} did not answer ${url(service.health, '/healthz')} within 90 s`,
          );
          return shutdown(1);
        }
        console.log(service.banner);
      }
      console.log(
        `Rosetta is running (one process per service: ${JSON.stringify(supervisor.pids())}); Ctrl-C stops everything.`,
      );
    });
}
