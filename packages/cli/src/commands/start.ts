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
import { type Lwm2mServiceConfig, lwm2mConfigSpec, startLwm2mAdapter } from '@rosetta/lwm2m-adapter';
import { type NormalizerServiceConfig, normalizerConfigSpec, startNormalizer } from '@rosetta/normalizer';
import {
  buildOmadmApp,
  type OmadmServiceConfig,
  omadmConfigFrom,
  omadmConfigSpec,
} from '@rosetta/omadm-adapter';
import { loadServiceConfigOrExit, type ServiceConfigSpec } from '@rosetta/service-config';
import { closeHttpGracefully } from '@rosetta/telemetry';
import {
  buildWebhookApp,
  fileCredentialStore,
  type WebhookConfig,
  webhookConfigSpec,
} from '@rosetta/webhook-adapter';

const LOCAL = (file: string) => fileURLToPath(new URL(`../../../../deploy/local/${file}`, import.meta.url));

/** deploy/local/<service>.yaml, with the same environment overrides as the service's own main. */
function localConfig<T>(spec: ServiceConfigSpec): T {
  return loadServiceConfigOrExit<T>(spec, { file: LOCAL(`${spec.service}.yaml`) });
}

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
      const normalizerConfig = localConfig<NormalizerServiceConfig>(normalizerConfigSpec);
      const normalizer = await startNormalizer({
        brokers,
        groupId: normalizerConfig.groupId,
        instanceId: normalizerConfig.kafka.instanceId ?? 'local',
      });
      services.push({ name: 'normalizer', stop: () => normalizer.stop() });
      console.log('normalizer: rosetta.raw.* → rosetta.outcomes.v1 (DLQ rosetta.outcomes.dlq.v1)');

      const publisher = batchingPublisher(
        await createPublisher(createKafka({ brokers, clientId: 'rosetta-adapters' })),
      );
      services.push({ name: 'publisher', stop: () => publisher.close() });
      const omadmConfig = localConfig<OmadmServiceConfig>(omadmConfigSpec);
      const omadm = await buildOmadmApp({
        publisher,
        config: omadmConfigFrom(omadmConfig),
        bodyLimit: omadmConfig.maxBodyBytes,
      });
      await omadm.listen(omadmConfig.http);
      services.push({ name: 'omadm-adapter', stop: () => closeHttpGracefully(omadm) });
      console.log(
        `omadm-adapter: http://${omadmConfig.http.host}:${omadmConfig.http.port}/omadm (SyncML DM XML/WBXML), /omadm/alerts (JSON)`,
      );
      const webhookConfig = localConfig<WebhookConfig>(webhookConfigSpec);
      // Webhook requests are all-or-nothing: one transaction per request (shared by concurrent ones).
      const webhookPublisher = await createTransactionalPublisher(
        createKafka({ brokers, clientId: 'rosetta-webhook' }),
        'rosetta-webhook-local',
      );
      services.push({ name: 'webhook publisher', stop: () => webhookPublisher.close() });
      const webhook = await buildWebhookApp({
        publisher: webhookPublisher,
        credentials: fileCredentialStore(webhookConfig.credentialsFile),
        bodyLimit: webhookConfig.maxBodyBytes,
      });
      await webhook.register(explorerRoutes);
      await webhook.listen(webhookConfig.http);
      services.push({ name: 'webhook-adapter', stop: () => closeHttpGracefully(webhook) });
      const webhookUrl = `http://${webhookConfig.http.host}:${webhookConfig.http.port}`;
      console.log(
        `webhook-adapter: ${webhookUrl}/webhooks/{knox-efota,pelion-update,eas-provision}, OpenAPI at /docs, mapping explorer at /explorer`,
      );
      const lwm2mConfig = localConfig<Lwm2mServiceConfig>(lwm2mConfigSpec);
      const lwm2m = await startLwm2mAdapter({ publisher, config: lwm2mConfig, ...lwm2mConfig.coap });
      services.push({ name: 'lwm2m-adapter', stop: () => lwm2m.close() });
      console.log(
        `lwm2m-adapter: coap://${lwm2mConfig.coap.host}:${lwm2m.port} (LwM2M registration interface /rd, NoSec)`,
      );
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
