export { readJsonFile } from './json-file.ts';
export {
  ConfigError,
  type ConfigOf,
  exitOnConfigError,
  type LoadOptions,
  loadServiceConfig,
  loadServiceConfigOrExit,
  type ServiceConfigSpec,
} from './load.ts';
export { type EnvOverride, parseEnvValue } from './overrides.ts';
export { type Companion, type ServiceDescriptor, type ServiceLaunch, serviceDescriptor } from './service.ts';
export {
  KAFKA_ENV_CHECKS,
  KAFKA_OVERRIDES,
  type KafkaSection,
  kafkaSchema,
  type Listener,
  listenOverrides,
  listenSchema,
} from './shared.ts';
export { serviceConfigSpec } from './spec.ts';
