import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lifecycleConfigSpec } from '@rosetta/lifecycle-service';
import { lwm2mConfigSpec } from '@rosetta/lwm2m-adapter';
import { normalizerConfigSpec } from '@rosetta/normalizer';
import { omadmConfigSpec } from '@rosetta/omadm-adapter';
import { loadServiceConfig } from '@rosetta/service-config';
import { webhookConfigSpec } from '@rosetta/webhook-adapter';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Each service's brokers, as its own loader reads them from a configuration file. */
const BROKERS_OF = {
  [webhookConfigSpec.service]: (file: string) =>
    loadServiceConfig(webhookConfigSpec, { file, env: {} }).kafka.brokers,
  [omadmConfigSpec.service]: (file: string) =>
    loadServiceConfig(omadmConfigSpec, { file, env: {} }).kafka.brokers,
  [lwm2mConfigSpec.service]: (file: string) =>
    loadServiceConfig(lwm2mConfigSpec, { file, env: {} }).kafka.brokers,
  [normalizerConfigSpec.service]: (file: string) =>
    loadServiceConfig(normalizerConfigSpec, { file, env: {} }).kafka.brokers,
  [lifecycleConfigSpec.service]: (file: string) =>
    loadServiceConfig(lifecycleConfigSpec, { file, env: {} }).kafka.brokers,
};

describe('service configuration files', () => {
  it.each(Object.entries(BROKERS_OF))(
    'deploy/config and deploy/local %s.yaml pass the service schema',
    (service, brokersOf) => {
      for (const folder of ['deploy/config', 'deploy/local'])
        expect(brokersOf(`${ROOT}${folder}/${service}.yaml`).length).toBeGreaterThan(0);
    },
  );

  it('a service started with a wrong value stops at once with exit 2 and names the key and its source', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', `${ROOT}services/webhook-adapter/src/main.ts`],
      {
        env: {
          ...process.env,
          ROSETTA_CONFIG_FILE: `${ROOT}deploy/config/webhook-adapter.yaml`,
          WEBHOOK_PORT: 'eighty',
          KAFKA_BROKERS: 'not a broker',
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(2);
    const line = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}') as { problems: string[] };
    expect(line.problems).toEqual([
      'http.port must be integer [from env WEBHOOK_PORT]',
      'kafka.brokers.0 must match pattern "^[^\\s,]+:\\d+$" [from env KAFKA_BROKERS]',
    ]);
  });

  it('the normalizer refuses zero partitions from the environment', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}services/normalizer/src/main.ts`], {
      env: {
        ...process.env,
        ROSETTA_CONFIG_FILE: `${ROOT}deploy/config/normalizer.yaml`,
        ROSETTA_TOPIC_PARTITIONS: '0',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('topics.partitions must be >= 1 [from env ROSETTA_TOPIC_PARTITIONS]');
  });

  it('a wrong Kafka security variable is reported the same way, before any connection is tried', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', `${ROOT}services/lwm2m-adapter/src/main.ts`],
      {
        env: {
          ...process.env,
          ROSETTA_CONFIG_FILE: `${ROOT}deploy/config/lwm2m-adapter.yaml`,
          KAFKA_SASL_MECHANISM: 'kerberos',
        },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got \\"kerberos\\"',
    );
  });
});
