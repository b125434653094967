import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_CHANGES_TOPIC,
  CAMPAIGNS_TOPIC,
  DEFAULT_TOPIC_LAYOUT,
  DLQ_TOPIC,
  LWM2M_KNOWN_VALUES_TOPIC,
  OUTCOMES_TOPIC,
  rawTopic,
  rosettaTopics,
  topicLayoutFromEnv,
  topicPrefixFromEnv,
  UPDATES_TOPIC,
} from './topics.ts';

describe('topics', () => {
  it('builds every name in one place', () => {
    expect(rawTopic('knox-efota')).toBe('rosetta.raw.knox-efota');
    expect(OUTCOMES_TOPIC).toBe('rosetta.outcomes.v1');
    expect(DLQ_TOPIC).toBe('rosetta.outcomes.dlq.v1');
    expect(rosettaTopics().map((t) => t.topic)).toHaveLength(14);
    expect(UPDATES_TOPIC).toBe('rosetta.updates.v1');
    expect(CAMPAIGNS_TOPIC).toBe('rosetta.campaigns.v1');
    expect(CAMPAIGN_CHANGES_TOPIC).toBe('rosetta.lifecycle.campaign-changes.v1');
    expect(LWM2M_KNOWN_VALUES_TOPIC).toBe('rosetta.lwm2m.known-values.v1');
    for (const compacted of [UPDATES_TOPIC, CAMPAIGNS_TOPIC, LWM2M_KNOWN_VALUES_TOPIC])
      expect(rosettaTopics().find((t) => t.topic === compacted)).toMatchObject({ compacted: true });
    expect(rosettaTopics().find((t) => t.topic === CAMPAIGN_CHANGES_TOPIC)).not.toHaveProperty('compacted');
  });

  it('takes the topic prefix from ROSETTA_TOPIC_PREFIX and refuses names Kafka would not', () => {
    expect(topicPrefixFromEnv({})).toBe('rosetta');
    expect(topicPrefixFromEnv({ ROSETTA_TOPIC_PREFIX: 'acme.prod' })).toBe('acme.prod');
    expect(() => topicPrefixFromEnv({ ROSETTA_TOPIC_PREFIX: 'a b' })).toThrow(
      'ROSETTA_TOPIC_PREFIX must be letters, digits',
    );
  });

  it('takes partitions and raw retention from the environment, with documented defaults, and refuses nonsense', () => {
    expect(topicLayoutFromEnv({})).toEqual(DEFAULT_TOPIC_LAYOUT);
    expect(
      topicLayoutFromEnv({ ROSETTA_TOPIC_PARTITIONS: '12', ROSETTA_RAW_RETENTION_MS: '3600000' }),
    ).toEqual({ partitions: 12, rawRetentionMs: 3600000 });
    expect(() => topicLayoutFromEnv({ ROSETTA_TOPIC_PARTITIONS: 'many' })).toThrow(
      'ROSETTA_TOPIC_PARTITIONS must be a positive integer, got "many"',
    );
    const specs = rosettaTopics({ partitions: 3, rawRetentionMs: 1000 });
    expect(specs.find((s) => s.topic === rawTopic('lwm2m-fw'))).toEqual({
      topic: 'rosetta.raw.lwm2m-fw',
      partitions: 3,
      retentionMs: 1000,
    });
  });
});
