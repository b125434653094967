import { type ConfigOf, listenOverrides, listenSchema, serviceConfigSpec } from '@rosetta/service-config';

export const normalizerConfigSpec = serviceConfigSpec({
  service: 'normalizer',
  properties: {
    admin: listenSchema(9464),
    groupId: { type: 'string', minLength: 1, default: 'rosetta-normalizer' },
    maxRecordsPerTransaction: { type: 'integer', minimum: 1, maximum: 100000 },
    topics: {
      type: 'object',
      description:
        'the normalizer creates missing topics at start-up, so a new cluster needs no separate step',
      additionalProperties: false,
      default: {},
      properties: {
        create: { type: 'boolean', default: true },
        partitions: { type: 'integer', minimum: 1, maximum: 1000, default: 6 },
        rawRetentionMs: { type: 'integer', minimum: 3600000, default: 604800000 },
      },
    },
  },
  overrides: [
    ...listenOverrides('admin', 'ADMIN_HOST', 'NORMALIZER_ADMIN_PORT'),
    { env: 'NORMALIZER_GROUP_ID', key: 'groupId', type: 'string' },
    { env: 'NORMALIZER_MAX_RECORDS_PER_TRANSACTION', key: 'maxRecordsPerTransaction', type: 'integer' },
    { env: 'ROSETTA_CREATE_TOPICS', key: 'topics.create', type: 'boolean' },
    { env: 'ROSETTA_TOPIC_PARTITIONS', key: 'topics.partitions', type: 'integer' },
    { env: 'ROSETTA_RAW_RETENTION_MS', key: 'topics.rawRetentionMs', type: 'integer' },
  ],
});

export type NormalizerServiceConfig = ConfigOf<typeof normalizerConfigSpec>;
