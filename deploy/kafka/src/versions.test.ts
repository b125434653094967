import { describe, expect, it } from 'vitest';
import { DEFAULT_KAFKA_VERSION, KAFKA_VERSIONS, kafkaVersionFromEnv } from './versions.ts';

describe('kafkaVersionFromEnv', () => {
  it('defaults to Kafka 4.x', () => {
    expect(kafkaVersionFromEnv({})).toBe(DEFAULT_KAFKA_VERSION);
    expect(DEFAULT_KAFKA_VERSION.startsWith('4.')).toBe(true);
  });

  it('keeps 3.9 selectable, each version with its own jars and logging backend', () => {
    expect(kafkaVersionFromEnv({ ROSETTA_KAFKA_VERSION: '3.9.1' })).toBe('3.9.1');
    expect(KAFKA_VERSIONS['3.9.1'].jarDir).not.toBe(KAFKA_VERSIONS['4.4.0'].jarDir);
    expect(KAFKA_VERSIONS['3.9.1'].logging).toBe('reload4j');
    expect(KAFKA_VERSIONS['4.4.0'].logging).toBe('log4j2');
  });

  it('refuses a version it has no jars for', () => {
    expect(() => kafkaVersionFromEnv({ ROSETTA_KAFKA_VERSION: '2.8.0' })).toThrow(
      /not one of 4\.4\.0, 3\.9\.1/,
    );
    expect(() => kafkaVersionFromEnv({ ROSETTA_KAFKA_VERSION: 'toString' })).toThrow(/not one of/);
  });
});
