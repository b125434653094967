import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const KAFKA_HOME = fileURLToPath(new URL('..', import.meta.url));
export const JAR_DIR = fileURLToPath(new URL('../target/lib', import.meta.url));

function jarsPresent(): boolean {
  return existsSync(JAR_DIR) && readdirSync(JAR_DIR).some((name) => name.startsWith('kafka_2.13-'));
}

/** Fetches the broker's jars with Maven once; later starts reuse target/lib (and ~/.m2). */
export function ensureJars(log: (line: string) => void): string {
  if (jarsPresent()) return JAR_DIR;
  log('fetching Apache Kafka jars from Maven Central (first start only)...');
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: KAFKA_HOME, stdio: 'inherit' });
  if (!jarsPresent()) throw new Error(`Maven finished but no kafka_2.13 jar is in ${JAR_DIR}`);
  return JAR_DIR;
}
