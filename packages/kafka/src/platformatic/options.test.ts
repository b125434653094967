import { describe, expect, it } from 'vitest';
import { tlsAndScramEnv } from '../security-env.test-helper.ts';
import { platformaticSecurity } from './options.ts';

describe('platformaticSecurity', () => {
  it('is plaintext when nothing is set', () => {
    expect(platformaticSecurity({})).toEqual({});
  });

  it('reads the same KAFKA_SSL* / KAFKA_SASL_* variables as the kafkajs client', () => {
    expect(platformaticSecurity(tlsAndScramEnv())).toEqual({
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
