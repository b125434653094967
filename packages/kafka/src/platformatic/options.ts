import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import type { KafkaConnection } from '../port.ts';
import { kafkaSecurityFromEnv } from '../security.ts';

const SASL_MECHANISM = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const satisfies Record<string, SASLOptions['mechanism']>;

type Security = Pick<BaseOptions, 'tls' | 'sasl'>;

/** The same KAFKA_SSL* / KAFKA_SASL_* environment as the kafkajs client, in @platformatic/kafka's shape. */
export function platformaticSecurity(env: NodeJS.ProcessEnv = process.env): Security {
  const { ssl, sasl } = kafkaSecurityFromEnv(env);
  const out: Security = {};
  if (ssl) out.tls = ssl === true ? {} : ssl;
  if (sasl && 'username' in sasl && 'password' in sasl && sasl.mechanism in SASL_MECHANISM) {
    out.sasl = {
      mechanism: SASL_MECHANISM[sasl.mechanism as keyof typeof SASL_MECHANISM],
      username: sasl.username,
      password: sasl.password,
    };
  }
  return out;
}

/** Options every @platformatic/kafka client of Rosetta shares: brokers, bounded timeouts, security. */
export function baseOptions(connection: KafkaConnection): BaseOptions {
  return {
    clientId: connection.clientId,
    bootstrapBrokers: connection.brokers,
    connectTimeout: connection.connectionTimeoutMs ?? 3000,
    requestTimeout: connection.requestTimeoutMs ?? 10000,
    // The broker answers CONCURRENT_TRANSACTIONS while it completes the previous commit; a fixed 100 ms back-off
    // would then set every transaction's latency (measured: webhook single events at 226 req/s, p50 114 ms). Retry
    // fast first, as the kafkajs client does.
    retries: 10,
    retryDelay: (_client, _operation, attempt) => Math.min(500, 5 * 2 ** attempt),
    ...platformaticSecurity(),
  };
}
