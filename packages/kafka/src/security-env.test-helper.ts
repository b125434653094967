import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** TLS with a CA file and SCRAM-SHA-512 with the password in a file: what both clients must read alike. */
export function tlsAndScramEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-sec-'));
  writeFileSync(join(dir, 'ca.pem'), 'CA');
  writeFileSync(join(dir, 'password'), 's3cret\n');
  return {
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'rosetta',
    KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
  };
}
