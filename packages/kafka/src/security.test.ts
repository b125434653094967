import { describe, expect, it } from 'vitest';
import { kafkaSecurityFromEnv } from './security.ts';
import { tlsAndScramEnv } from './security-env.test-helper.ts';

describe('kafkaSecurityFromEnv', () => {
  it('is plaintext when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('builds TLS from CA/cert/key files and SASL SCRAM with the password from a file', () => {
    expect(kafkaSecurityFromEnv(tlsAndScramEnv())).toEqual({
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
