import { fileURLToPath } from 'node:url';

/** How the broker JVM is told where its logging configuration is, per logging backend. */
export type BrokerLogging = 'log4j2' | 'reload4j';

export interface KafkaVersion {
  /** The Maven project that fetches this version's jars (and its logging backend) into `<pomDir>/target/lib`. */
  pomDir: string;
  jarDir: string;
  logging: BrokerLogging;
  /**
   * The image testcontainers runs when a Docker engine answers. Its Kafka module drives Confluent Platform images
   * (CP x.y = Apache Kafka x-4.y); the newest CP line it is known to drive stands in for the 4.x line.
   */
  dockerImage: string;
}

function fromHere(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url));
}

/** The broker versions Rosetta runs and tests; 4.x is the default, 3.9 stays for teams still on it. */
export const KAFKA_VERSIONS = {
  '4.4.0': {
    pomDir: fromHere('..'),
    jarDir: fromHere('../target/lib'),
    logging: 'log4j2',
    dockerImage: 'confluentinc/cp-kafka:8.2.0',
  },
  '3.9.1': {
    pomDir: fromHere('../kafka-3.9'),
    jarDir: fromHere('../kafka-3.9/target/lib'),
    logging: 'reload4j',
    dockerImage: 'confluentinc/cp-kafka:7.9.0',
  },
} as const satisfies Record<string, KafkaVersion>;

export type KafkaVersionName = keyof typeof KAFKA_VERSIONS;

export const DEFAULT_KAFKA_VERSION: KafkaVersionName = '4.4.0';

function isKafkaVersionName(name: string): name is KafkaVersionName {
  return Object.hasOwn(KAFKA_VERSIONS, name);
}

/** `ROSETTA_KAFKA_VERSION` picks the local broker's version; an unknown one is an error, never a silent default. */
export function kafkaVersionFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaVersionName {
  const wanted = env.ROSETTA_KAFKA_VERSION?.trim();
  if (!wanted) return DEFAULT_KAFKA_VERSION;
  if (isKafkaVersionName(wanted)) return wanted;
  throw new Error(`ROSETTA_KAFKA_VERSION=${wanted} is not one of ${Object.keys(KAFKA_VERSIONS).join(', ')}`);
}
