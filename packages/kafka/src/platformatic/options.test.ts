import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformaticSecurity } from './options.ts';

describe('platformaticSecurity', () => {
  it('is plaintext when nothing is set', () => {
    expect(platformaticSecurity({})).toEqual({});
  });

  it('reads the same KAFKA_SSL* / KAFKA_SASL_* variables as the kafkajs client', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-sec-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'password'), 's3cret\n');
    expect(
      platformaticSecurity({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'rosetta',
        KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'),
      }),
    ).toEqual({
      tls: { ca: ['CA'] },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'rosetta', password: 's3cret' },
    });
    expect(platformaticSecurity({ KAFKA_SSL: 'true' })).toEqual({ tls: {} });
    expect(
      platformaticSecurity({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }).sasl,
    ).toEqual({ mechanism: 'PLAIN', username: 'u', password: 'p' });
  });

  it('refuses what the kafkajs client refuses', () => {
    expect(() => platformaticSecurity({ KAFKA_SSL: 'yes' })).toThrow(/KAFKA_SSL must be true or false/);
    expect(() => platformaticSecurity({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/must be one of/);
  });
});
