import { type ConfigOf, listenOverrides, listenSchema, serviceConfigSpec } from '@rosetta/service-config';

const DURATION = {
  type: 'string',
  pattern: '^P(\\d+W)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$',
} as const;

export const lifecycleConfigSpec = serviceConfigSpec({
  service: 'lifecycle',
  properties: {
    http: listenSchema(8082),
    groupId: { type: 'string', minLength: 1, default: 'rosetta-lifecycle' },
    deadlines: {
      type: 'object',
      description:
        "stage deadlines that replace the rules' (packages/lifecycle/rules/lifecycle.json): vocabulary → stage → ISO 8601 duration",
      default: {},
      additionalProperties: { type: 'object', additionalProperties: DURATION },
    },
    tenantDeadlines: {
      type: 'object',
      description:
        'per tenant, stage deadlines that replace all others: tenant → vocabulary → stage → duration',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: DURATION },
      },
    },
    drift: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        windowMs: {
          type: 'integer',
          minimum: 60000,
          maximum: 604800000,
          default: 3600000,
          description: 'the sliding window mapping drift is measured over',
        },
      },
    },
    tickMs: {
      type: 'integer',
      minimum: 50,
      maximum: 60000,
      default: 1000,
      description: 'how often passed deadlines are looked for',
    },
  },
  overrides: [
    ...listenOverrides('http', 'LIFECYCLE_HOST', 'LIFECYCLE_PORT'),
    { env: 'LIFECYCLE_GROUP_ID', key: 'groupId', type: 'string' },
    { env: 'LIFECYCLE_DEADLINES', key: 'deadlines', type: 'json' },
    { env: 'LIFECYCLE_TENANT_DEADLINES', key: 'tenantDeadlines', type: 'json' },
    { env: 'LIFECYCLE_TICK_MS', key: 'tickMs', type: 'integer' },
    { env: 'LIFECYCLE_DRIFT_WINDOW_MS', key: 'drift.windowMs', type: 'integer' },
  ],
});

export type LifecycleServiceConfig = ConfigOf<typeof lifecycleConfigSpec>;
