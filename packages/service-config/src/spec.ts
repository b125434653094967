import type { JSONSchema } from 'json-schema-to-ts';
import type { ServiceConfigSpec } from './load.ts';
import type { EnvOverride } from './overrides.ts';
import { KAFKA_ENV_CHECKS, KAFKA_OVERRIDES, kafkaSchema } from './shared.ts';

type ServiceSchema<Properties, Required extends readonly string[]> = {
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly required: Required;
  readonly properties: Properties & { readonly kafka: typeof kafkaSchema };
};

/**
 * A service's configuration spec: its own settings, plus the Kafka section, its environment variables and checks
 * that every service shares. Written with `as const` settings, its ConfigOf is the service's configuration type.
 */
export function serviceConfigSpec<
  const Properties extends Record<string, JSONSchema>,
  const Required extends readonly (keyof Properties & string)[] = [],
>(spec: {
  service: string;
  properties: Properties;
  required?: Required;
  overrides: readonly EnvOverride[];
  pathKeys?: readonly string[];
}): ServiceConfigSpec<ServiceSchema<Properties, Required>> {
  return {
    service: spec.service,
    schema: {
      type: 'object',
      additionalProperties: false,
      required: spec.required ?? ([] as unknown as Required),
      properties: { ...spec.properties, kafka: kafkaSchema },
    },
    envChecks: KAFKA_ENV_CHECKS,
    overrides: [...KAFKA_OVERRIDES, ...spec.overrides],
    ...(spec.pathKeys ? { pathKeys: spec.pathKeys } : {}),
  };
}
