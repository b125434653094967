import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, waitForBroker } from '@rosetta/kafka';
import { ensureJars } from './jars.ts';
import {
  type BrokerPorts,
  type BrokerSecurity,
  LOGGING_CONFIG,
  serverProperties,
} from './server-properties.ts';
import { KAFKA_VERSIONS, type KafkaVersionName } from './versions.ts';
import { waitForExit } from './wait-for-exit.ts';

export interface LocalBrokerOptions {
  ports: BrokerPorts;
  /** Holds config, logs and data; keep it to restart with the same data, delete it to wipe. */
  workDir: string;
  version: KafkaVersionName;
  heapMb?: number;
  /** SASL/PLAIN and/or TLS on the client listener; the caller's KAFKA_SASL_* / KAFKA_SSL_* environment must match. */
  security?: BrokerSecurity;
  log?: (line: string) => void;
}

export interface LocalBroker {
  brokers: string[];
  workDir: string;
  version: KafkaVersionName;
  /** SIGKILL, for fault tests: the JVM gets no chance to flush or shut down. */
  kill(): Promise<void>;
  /** Starts the JVM again on the same data directory and ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The broker JVM's process id while it runs (benchmarks read its CPU time). */
  pid(): number | undefined;
}

/**
 * Kafka's cluster id is 16 random bytes in URL-safe base64 without padding. Like Kafka's own Uuid.randomUuid, never
 * one starting with '-': the storage tool would read it as an option (1 start in 64 failed before).
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function startLocalBroker(options: LocalBrokerOptions): Promise<LocalBroker> {
  const log = options.log ?? (() => undefined);
  const jarDir = ensureJars(options.version, log);
  const dataDir = join(options.workDir, 'data');
  const configPath = join(options.workDir, 'server.properties');
  const logging = LOGGING_CONFIG[KAFKA_VERSIONS[options.version].logging];
  const loggingPath = join(options.workDir, logging.fileName);
  const classpath = `${jarDir}/*`;
  mkdirSync(options.workDir, { recursive: true });
  writeFileSync(configPath, serverProperties(options.ports, dataDir, options.security));
  writeFileSync(loggingPath, logging.contents);
  const jvmLogging = [
    `-D${logging.property}=file:${loggingPath}`,
    `-Drosetta.kafka.log=${join(options.workDir, 'server.log')}`,
  ];

  if (!existsSync(join(dataDir, 'meta.properties'))) {
    execFileSync(
      'java',
      [
        ...jvmLogging,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId(),
        '-c',
        configPath,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  }

  const brokers = [`127.0.0.1:${options.ports.broker}`];
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = [`-Xmx${options.heapMb ?? 1024}m`, '-XX:+UseG1GC', ...jvmLogging, '-cp', classpath];
    child = spawn('java', [...args, 'kafka.Kafka', configPath], { stdio: 'ignore' });
    const started = child;
    // Whatever way this process ends, the broker must not outlive it (SIGTERM: Kafka then shuts down cleanly).
    process.once('exit', () => {
      if (started.exitCode === null) started.kill('SIGTERM');
    });
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) =>
        reject(new Error(`Kafka JVM exited with ${code}; see ${options.workDir}/server.log`)),
      ),
    );
    const ready = waitForBroker(createKafka({ brokers, clientId: 'rosetta-readiness' }), 120_000);
    await Promise.race([ready, exited]);
    started.removeAllListeners('exit');
  };

  const stopChild = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill(signal);
    if (!(await waitForExit(running, 20_000))) {
      running.kill('SIGKILL');
      await waitForExit(running, 5_000);
    }
  };

  await launch();
  log(`local Apache Kafka ${options.version} broker ready on ${brokers[0]} (data in ${dataDir})`);
  return {
    brokers,
    workDir: options.workDir,
    version: options.version,
    kill: () => stopChild('SIGKILL'),
    restart: launch,
    stop: () => stopChild('SIGTERM'),
    pid: () => child?.pid,
  };
}
