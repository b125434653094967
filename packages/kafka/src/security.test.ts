import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaSecurityFromEnv } from './security.ts';

describe('kafkaSecurityFromEnv', () => {
  it('is plaintext when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('builds TLS from CA/cert/key files and SASL SCRAM with the password from a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-sec-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'password'), 's3cret\n');
    expect(
      kafkaSecurityFromEnv({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'rosetta',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      }),
    ).toEqual({
      ssl: { ca: ['CA'] },
      sasl: { mechanism: 'scram-sha-512', username: 'rosetta', password: 's3cret' },
    });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
  });

  it('stops with a message naming the key and what is allowed', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got "gssapi"',
    );
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /needs KAFKA_SASL_USERNAME/,
    );
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'yes' })).toThrow(
      'KAFKA_SSL must be true or false, got "yes"',
    );
  });
});
