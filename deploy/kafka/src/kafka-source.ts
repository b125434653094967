import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { type LocalBroker, startLocalBroker } from './local-broker.ts';
import { KAFKA_VERSIONS, type KafkaVersionName, kafkaVersionFromEnv } from './versions.ts';

export type KafkaOrigin = 'env' | 'docker' | 'local-jvm';

export interface KafkaHandle {
  origin: KafkaOrigin;
  brokers: string[];
  /** Present only when Rosetta started the broker itself (fault tests kill and restart it). */
  local?: LocalBroker;
  stop(): Promise<void>;
}

export interface KafkaSourceOptions {
  /** Fixed ports for `pnpm start` (9092); tests pass `ephemeral` to pick free ports and a throw-away directory. */
  ephemeral?: boolean;
  brokerPort?: number;
  workDir?: string;
  /** The local broker's version; `ROSETTA_KAFKA_VERSION`, else the default (4.x). */
  version?: KafkaVersionName;
  log?: (line: string) => void;
}

const ROSETTA_HOME = join(homedir(), '.rosetta');

/** One data directory per version: a 4.x broker must not be pointed at a 3.9 log directory, or back. */
export function defaultWorkDir(version: KafkaVersionName): string {
  return join(ROSETTA_HOME, 'kafka', version);
}

/** `pnpm kafka wipe` deletes this: every version's data. */
export const DEFAULT_WORK_DIR = join(ROSETTA_HOME, 'kafka');

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startDockerKafka(image: string): Promise<KafkaHandle> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer(image).withKraft().start();
  return {
    origin: 'docker',
    brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
    stop: async () => {
      await container.stop();
    },
  };
}

/**
 * The one place that decides where Kafka comes from: KAFKA_BROKERS if set, else a Docker engine if one answers
 * (testcontainers), else a single-node KRaft broker run from Maven Central's jars on this JVM.
 */
export async function resolveKafka(options: KafkaSourceOptions = {}): Promise<KafkaHandle> {
  const log = options.log ?? ((line: string) => console.error(`[kafka] ${line}`));
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) {
    log(`using KAFKA_BROKERS=${fromEnv}`);
    return { origin: 'env', brokers: fromEnv.split(','), stop: async () => undefined };
  }
  const version = options.version ?? kafkaVersionFromEnv();
  if (process.env.ROSETTA_KAFKA_NO_DOCKER !== '1' && (await dockerAnswers())) {
    const image = KAFKA_VERSIONS[version].dockerImage;
    log(`a Docker engine answers: starting ${image} with testcontainers`);
    return startDockerKafka(image);
  }
  const ephemeral = options.ephemeral ?? false;
  const ports = {
    broker: options.brokerPort ?? (ephemeral ? await freePort() : 9092),
    controller: ephemeral ? await freePort() : (options.brokerPort ?? 9092) + 1,
  };
  const workDir =
    options.workDir ??
    (ephemeral ? join(ROSETTA_HOME, `kafka-test-${process.pid}-${ports.broker}`) : defaultWorkDir(version));
  log(
    `no KAFKA_BROKERS and no Docker engine: starting a local Apache Kafka ${version} JVM broker on 127.0.0.1:${ports.broker}`,
  );
  const local = await startLocalBroker({ ports, workDir, version, log });
  return { origin: 'local-jvm', brokers: local.brokers, local, stop: () => local.stop() };
}
