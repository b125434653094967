import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explorerRoutes } from '@rosetta/explorer';
import { batchingPublisher } from '@rosetta/ingest';
import {
  createKafka,
  createPublisher,
  createTransactionalPublisher,
  ensureTopics,
  rosettaTopics,
  topicLayoutFromEnv,
} from '@rosetta/kafka';
import { resolveKafka } from '@rosetta/local-kafka';
import { type Lwm2mConfig, startLwm2mAdapter } from '@rosetta/lwm2m-adapter';
import { startNormalizer } from '@rosetta/normalizer';
import { buildOmadmApp, readOmadmConfig } from '@rosetta/omadm-adapter';
import { buildWebhookApp, fileCredentialStore } from '@rosetta/webhook-adapter';

const LOCAL = (file: string) => fileURLToPath(new URL(`../../../../deploy/local/${file}`, import.meta.url));

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
      await ensureTopics(admin, rosettaTopics(topicLayoutFromEnv()));
      await admin.disconnect();
      console.log(`Kafka (${kafkaHandle.origin}) at ${brokers.join(',')}`);

      const services: Stoppable[] = [];
      const normalizer = await startNormalizer({ brokers, instanceId: 'local' });
      services.push({ name: 'normalizer', stop: () => normalizer.stop() });
      console.log('normalizer: rosetta.raw.* → rosetta.outcomes.v1 (DLQ rosetta.outcomes.dlq.v1)');

      const publisher = batchingPublisher(
        await createPublisher(createKafka({ brokers, clientId: 'rosetta-adapters' })),
      );
      services.push({ name: 'publisher', stop: () => publisher.close() });
      const omadmPort = Number(process.env.OMADM_PORT ?? 8080);
      const omadm = await buildOmadmApp({
        publisher,
        config: readOmadmConfig(process.env.OMADM_CONFIG_FILE ?? LOCAL('omadm.json')),
      });
      await omadm.listen({ host: '127.0.0.1', port: omadmPort });
      services.push({ name: 'omadm-adapter', stop: () => omadm.close() });
      console.log(
        `omadm-adapter: http://127.0.0.1:${omadmPort}/omadm (SyncML DM XML/WBXML), /omadm/alerts (JSON)`,
      );
      const webhookPort = Number(process.env.WEBHOOK_PORT ?? 8081);
      const credentials = fileCredentialStore(
        process.env.WEBHOOK_CREDENTIALS_FILE ?? LOCAL('webhook-credentials.json'),
      );
      // Webhook requests are all-or-nothing: one transaction per request (shared by concurrent ones).
      const webhookPublisher = await createTransactionalPublisher(
        createKafka({ brokers, clientId: 'rosetta-webhook' }),
        'rosetta-webhook-local',
      );
      services.push({ name: 'webhook publisher', stop: () => webhookPublisher.close() });
      const webhook = await buildWebhookApp({ publisher: webhookPublisher, credentials });
      await webhook.register(explorerRoutes);
      await webhook.listen({ host: '127.0.0.1', port: webhookPort });
      services.push({ name: 'webhook-adapter', stop: () => webhook.close() });
      console.log(
        `webhook-adapter: http://127.0.0.1:${webhookPort}/webhooks/{knox-efota,pelion-update,eas-provision}, OpenAPI at /docs, mapping explorer at /explorer`,
      );
      const lwm2mConfig = JSON.parse(
        readFileSync(process.env.LWM2M_CONFIG_FILE ?? LOCAL('lwm2m.json'), 'utf8'),
      ) as Lwm2mConfig;
      const lwm2mPort = Number(process.env.LWM2M_PORT ?? 5683);
      const lwm2m = await startLwm2mAdapter({
        publisher,
        config: lwm2mConfig,
        port: lwm2mPort,
        host: '127.0.0.1',
      });
      services.push({ name: 'lwm2m-adapter', stop: () => lwm2m.close() });
      console.log(`lwm2m-adapter: coap://127.0.0.1:${lwm2m.port} (LwM2M registration interface /rd, NoSec)`);
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
