export { freePort } from './free-port.ts';
export {
  DEFAULT_WORK_DIR,
  type KafkaHandle,
  type KafkaOrigin,
  type KafkaSourceOptions,
  resolveKafka,
} from './kafka-source.ts';
export { type LocalBroker, type LocalBrokerOptions, startLocalBroker } from './local-broker.ts';
