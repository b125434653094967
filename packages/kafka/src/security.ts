import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';
import { KAFKA_ERRORS, KafkaError } from './errors.ts';

/**
 * Kafka connection security from the environment, because no production cluster is plaintext:
 * KAFKA_SSL=true (with optional KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE),
 * KAFKA_SASL_MECHANISM=plain|scram-sha-256|scram-sha-512 with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE
 * (or KAFKA_SASL_PASSWORD). Secrets come from files or the environment, never from the repository.
 */
export function kafkaSecurityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const file = (name: string) => (env[name] ? readFileSync(env[name] as string, 'utf8') : undefined);
  if (env.KAFKA_SSL !== undefined && env.KAFKA_SSL !== 'false') {
    if (env.KAFKA_SSL !== 'true')
      throw new KafkaError(
        KAFKA_ERRORS.CONFIG,
        `KAFKA_SSL must be true or false, got ${JSON.stringify(env.KAFKA_SSL)}`,
      );
    const ca = file('KAFKA_SSL_CA_FILE');
    const cert = file('KAFKA_SSL_CERT_FILE');
    const key = file('KAFKA_SSL_KEY_FILE');
    out.ssl =
      ca || cert || key
        ? { ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) }
        : true;
  }
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    const allowed = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
    if (!(allowed as readonly string[]).includes(mechanism)) {
      throw new KafkaError(
        KAFKA_ERRORS.CONFIG,
        `KAFKA_SASL_MECHANISM must be one of ${allowed.join(', ')}, got ${JSON.stringify(mechanism)}`,
      );
    }
    const username = env.KAFKA_SASL_USERNAME;
    const password = file('KAFKA_SASL_PASSWORD_FILE')?.trim() ?? env.KAFKA_SASL_PASSWORD;
    if (!username || !password)
      throw new KafkaError(
        KAFKA_ERRORS.CONFIG,
        'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE (or KAFKA_SASL_PASSWORD)',
      );
    out.sasl = {
      mechanism: mechanism as (typeof allowed)[number],
      username,
      password,
    } as KafkaConfig['sasl'];
  }
  return out;
}
