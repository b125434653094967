import {
  type ConfigOf,
  KAFKA_ENV_CHECKS,
  KAFKA_OVERRIDES,
  kafkaSchema,
  listenOverrides,
  listenSchema,
  type ServiceConfigSpec,
} from '@rosetta/service-config';

export const webhookConfigSpec = {
  service: 'webhook-adapter',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['credentialsFile'],
    properties: {
      http: listenSchema(8081),
      kafka: kafkaSchema,
      credentialsFile: {
        type: 'string',
        minLength: 1,
        description:
          "secret: tenants' bearer tokens and HMAC secrets (JSON), mounted from a Secret, never in the repository",
      },
      maxBodyBytes: { type: 'integer', minimum: 1024, maximum: 16777216, default: 1048576 },
      jsonMaxDepth: {
        type: 'integer',
        minimum: 4,
        maximum: 256,
        default: 16,
        description: 'nesting allowed in a JSON body; deeper bodies get 400 before JSON.parse runs',
      },
      explorer: { type: 'boolean', default: false, description: 'serve the mapping explorer at /explorer' },
    },
  } as const,
  envChecks: KAFKA_ENV_CHECKS,
  overrides: [
    ...KAFKA_OVERRIDES,
    ...listenOverrides('http', 'WEBHOOK_HOST', 'WEBHOOK_PORT'),
    { env: 'WEBHOOK_CREDENTIALS_FILE', key: 'credentialsFile', type: 'string' },
    { env: 'WEBHOOK_MAX_BODY_BYTES', key: 'maxBodyBytes', type: 'integer' },
    { env: 'WEBHOOK_EXPLORER', key: 'explorer', type: 'boolean' },
    { env: 'WEBHOOK_JSON_MAX_DEPTH', key: 'jsonMaxDepth', type: 'integer' },
  ],
  pathKeys: ['credentialsFile'],
} satisfies ServiceConfigSpec;

export type WebhookConfig = ConfigOf<typeof webhookConfigSpec>;
