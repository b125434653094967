import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENT_NAMES, kafkaSecurityFromEnv } from '@rosetta/kafka';
import type { FromSchema } from 'json-schema-to-ts';
import type { EnvOverride } from './overrides.ts';

/** The Kafka section every service shares. TLS and SASL come from KAFKA_SSL* / KAFKA_SASL_* (see @rosetta/kafka). */
export const kafkaSchema = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    brokers: {
      type: 'array',
      items: { type: 'string', pattern: '^[^\\s,]+:\\d+$' },
      minItems: 1,
      default: ['127.0.0.1:9092'],
      description: 'bootstrap brokers, host:port',
    },
    instanceId: {
      type: 'string',
      minLength: 1,
      pattern: '^[A-Za-z0-9._-]+$',
      description:
        'stable per replica (the pod name): transactional ids derive from it so a restart fences its predecessor',
    },
    client: {
      type: 'string',
      enum: KAFKA_CLIENT_NAMES,
      default: DEFAULT_KAFKA_CLIENT,
      description: 'the Kafka client library: kafkajs (default) or platformatic (@platformatic/kafka)',
    },
  },
} as const;

export type KafkaSection = FromSchema<typeof kafkaSchema>;

/** KAFKA_SSL* and KAFKA_SASL_* are read by @rosetta/kafka; checking them here stops a wrong value at start-up. */
export const KAFKA_ENV_CHECKS = [(env: NodeJS.ProcessEnv) => kafkaSecurityFromEnv(env)] as const;

export const KAFKA_OVERRIDES: readonly EnvOverride[] = [
  { env: 'KAFKA_BROKERS', key: 'kafka.brokers', type: 'list' },
  { env: 'ROSETTA_INSTANCE_ID', key: 'kafka.instanceId', type: 'string' },
  { env: 'ROSETTA_KAFKA_CLIENT', key: 'kafka.client', type: 'string' },
];

/** host + port of one listener, with the port a service uses by default. */
export function listenSchema(defaultPort: number) {
  return {
    type: 'object',
    additionalProperties: false,
    default: {},
    properties: {
      host: { type: 'string', minLength: 1, default: '0.0.0.0' },
      port: { type: 'integer', minimum: 0, maximum: 65535, default: defaultPort },
    },
  } as const;
}

export type Listener = FromSchema<ReturnType<typeof listenSchema>>;

/** HOST and PORT variables for one listener key (`http`, `coap`, `admin`). */
export function listenOverrides(key: string, hostEnv: string, portEnv: string): EnvOverride[] {
  return [
    { env: hostEnv, key: `${key}.host`, type: 'string' },
    { env: portEnv, key: `${key}.port`, type: 'integer' },
  ];
}
