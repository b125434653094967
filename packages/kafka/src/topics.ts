/** Every topic name Rosetta uses is built here and nowhere else. */
import { VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';
import { KAFKA_ERRORS, KafkaError } from './errors.ts';

/**
 * ROSETTA_TOPIC_PREFIX (default `rosetta`) renames every topic at once. It is read from the environment, not a
 * service's YAML, because every producer, consumer and tool of one deployment must agree on it.
 */
export function topicPrefixFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.ROSETTA_TOPIC_PREFIX;
  if (prefix === undefined || prefix === '') return 'rosetta';
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix) || prefix.length > 100)
    throw new KafkaError(
      KAFKA_ERRORS.CONFIG,
      `ROSETTA_TOPIC_PREFIX must be letters, digits, '_', '-' in dot-separated parts, got ${JSON.stringify(prefix)}`,
    );
  return prefix;
}

export interface TopicNames {
  raw(vocabulary: Vocabulary): string;
  rawTopics: readonly string[];
  outcomes: string;
  dlq: string;
  /** Compacted: one device update's current state per key (the lifecycle service's changelog). */
  updates: string;
  /** The lifecycle's campaign changes, keyed by campaign: the repartition between updates and campaigns. */
  campaignChanges: string;
  /** Compacted: one campaign's summary per key (the campaign aggregation's changelog). */
  campaigns: string;
  /** Compacted: the LwM2M adapter's last written Object 5/9 values per endpoint, read back after a restart. */
  lwm2mKnownValues: string;
}

/** Every topic of a deployment whose prefix is `prefix` (a tool or test that talks to another deployment's topics). */
export function topicNames(prefix: string): TopicNames {
  const raw = (vocabulary: Vocabulary) => `${prefix}.raw.${vocabulary}`;
  return {
    raw,
    rawTopics: VOCABULARIES.map(raw),
    outcomes: `${prefix}.outcomes.v1`,
    dlq: `${prefix}.outcomes.dlq.v1`,
    updates: `${prefix}.updates.v1`,
    campaignChanges: `${prefix}.lifecycle.campaign-changes.v1`,
    campaigns: `${prefix}.campaigns.v1`,
    lwm2mKnownValues: `${prefix}.lwm2m.known-values.v1`,
  };
}

export const TOPIC_PREFIX = topicPrefixFromEnv();
const TOPICS = topicNames(TOPIC_PREFIX);

export const rawTopic = TOPICS.raw;
export const OUTCOMES_TOPIC = TOPICS.outcomes;
export const DLQ_TOPIC = TOPICS.dlq;
export const UPDATES_TOPIC = TOPICS.updates;
export const CAMPAIGN_CHANGES_TOPIC = TOPICS.campaignChanges;
export const CAMPAIGNS_TOPIC = TOPICS.campaigns;
export const LWM2M_KNOWN_VALUES_TOPIC = TOPICS.lwm2mKnownValues;
export const RAW_TOPICS: readonly string[] = TOPICS.rawTopics;

export interface TopicSpec {
  topic: string;
  partitions: number;
  retentionMs?: number;
  /** cleanup.policy=compact: the latest record per key is kept for good. */
  compacted?: boolean;
}

export interface TopicLayout {
  /** Partitions bound the parallelism of the normalizer and of consumers; 6 lets 1, 2, 3 or 6 replicas share evenly. */
  partitions: number;
  /** Raw topics keep 7 days so a table fix can be replayed over a week of history. */
  rawRetentionMs: number;
}

export const DEFAULT_TOPIC_LAYOUT: TopicLayout = { partitions: 6, rawRetentionMs: 7 * 24 * 3600 * 1000 };

export function rosettaTopics(
  layout: TopicLayout = DEFAULT_TOPIC_LAYOUT,
  names: TopicNames = TOPICS,
): TopicSpec[] {
  return [
    ...names.rawTopics.map((topic) => ({
      topic,
      partitions: layout.partitions,
      retentionMs: layout.rawRetentionMs,
    })),
    { topic: names.outcomes, partitions: layout.partitions },
    { topic: names.dlq, partitions: layout.partitions },
    // As many partitions as the outcomes: the lifecycle service writes each update to its input partition's number.
    { topic: names.updates, partitions: layout.partitions, compacted: true },
    // Keyed by campaign; the campaigns topic, as many partitions, is written to the change's partition number.
    { topic: names.campaignChanges, partitions: layout.partitions, retentionMs: layout.rawRetentionMs },
    { topic: names.campaigns, partitions: layout.partitions, compacted: true },
    { topic: names.lwm2mKnownValues, partitions: layout.partitions, compacted: true },
  ];
}

/** The layout from ROSETTA_TOPIC_PARTITIONS and ROSETTA_RAW_RETENTION_MS, falling back to the defaults above. */
export function topicLayoutFromEnv(env: NodeJS.ProcessEnv = process.env): TopicLayout {
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new KafkaError(
        KAFKA_ERRORS.CONFIG,
        `${name} must be a positive integer, got ${JSON.stringify(raw)}`,
      );
    return value;
  };
  return {
    partitions: number('ROSETTA_TOPIC_PARTITIONS', DEFAULT_TOPIC_LAYOUT.partitions),
    rawRetentionMs: number('ROSETTA_RAW_RETENTION_MS', DEFAULT_TOPIC_LAYOUT.rawRetentionMs),
  };
}
