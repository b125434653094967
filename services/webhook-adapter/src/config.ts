import { type ConfigOf, listenOverrides, listenSchema, serviceConfigSpec } from '@rosetta/service-config';

export const webhookConfigSpec = serviceConfigSpec({
  service: 'webhook-adapter',
  required: ['credentialsFile'],
  properties: {
    http: listenSchema(8081),
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
  overrides: [
    ...listenOverrides('http', 'WEBHOOK_HOST', 'WEBHOOK_PORT'),
    { env: 'WEBHOOK_CREDENTIALS_FILE', key: 'credentialsFile', type: 'string' },
    { env: 'WEBHOOK_MAX_BODY_BYTES', key: 'maxBodyBytes', type: 'integer' },
    { env: 'WEBHOOK_EXPLORER', key: 'explorer', type: 'boolean' },
    { env: 'WEBHOOK_JSON_MAX_DEPTH', key: 'jsonMaxDepth', type: 'integer' },
  ],
  pathKeys: ['credentialsFile'],
});

export type WebhookConfig = ConfigOf<typeof webhookConfigSpec>;
