export { freePort } from './free-port.ts';
export {
  DEFAULT_WORK_DIR,
  defaultWorkDir,
  type KafkaHandle,
  type KafkaOrigin,
  type KafkaSourceOptions,
  resolveKafka,
} from './kafka-source.ts';
export { type LocalBroker, type LocalBrokerOptions, startLocalBroker } from './local-broker.ts';
export {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSIONS,
  type KafkaVersionName,
  kafkaVersionFromEnv,
} from './versions.ts';
export { waitForExit } from './wait-for-exit.ts';
