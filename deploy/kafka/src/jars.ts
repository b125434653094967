import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { KAFKA_VERSIONS, type KafkaVersionName } from './versions.ts';

function jarsPresent(jarDir: string): boolean {
  return existsSync(jarDir) && readdirSync(jarDir).some((name) => name.startsWith('kafka_2.13-'));
}

/** Fetches the version's broker jars with Maven once; later starts reuse its target/lib (and ~/.m2). */
export function ensureJars(version: KafkaVersionName, log: (line: string) => void): string {
  const { pomDir, jarDir } = KAFKA_VERSIONS[version];
  if (jarsPresent(jarDir)) return jarDir;
  log(`fetching Apache Kafka ${version} jars from Maven Central (first start only)...`);
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: pomDir, stdio: 'inherit' });
  if (!jarsPresent(jarDir)) throw new Error(`Maven finished but no kafka_2.13 jar is in ${jarDir}`);
  return jarDir;
}
