/** Every topic name Rosetta uses is built here and nowhere else. */
import { VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';

/**
 * ROSETTA_TOPIC_PREFIX (default `rosetta`) renames every topic at once. It is read from the environment, not a
 * service's YAML, because every producer, consumer and tool of one deployment must agree on it.
 */
export function topicPrefixFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.ROSETTA_TOPIC_PREFIX;
  if (prefix === undefined || prefix === '') return 'rosetta';
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix) || prefix.length > 100)
    throw new Error(
      `ROSETTA_TOPIC_PREFIX must be letters, digits, '_', '-' in dot-separated parts, got ${JSON.stringify(prefix)}`,
    );
  return prefix;
}

export const TOPIC_PREFIX = topicPrefixFromEnv();

export function rawTopic(vocabulary: Vocabulary): string {
  return `${TOPIC_PREFIX}.raw.${vocabulary}`;
}

export const OUTCOMES_TOPIC = `${TOPIC_PREFIX}.outcomes.v1`;
export const DLQ_TOPIC = `${TOPIC_PREFIX}.outcomes.dlq.v1`;

export const RAW_TOPICS: readonly string[] = VOCABULARIES.map(rawTopic);

export interface TopicSpec {
  topic: string;
  partitions: number;
  retentionMs?: number;
}

export interface TopicLayout {
  /** Partitions bound the parallelism of the normalizer and of consumers; 6 lets 1, 2, 3 or 6 replicas share evenly. */
  partitions: number;
  /** Raw topics keep 7 days so a table fix can be replayed over a week of history. */
  rawRetentionMs: number;
}

export const DEFAULT_TOPIC_LAYOUT: TopicLayout = { partitions: 6, rawRetentionMs: 7 * 24 * 3600 * 1000 };

export function rosettaTopics(layout: TopicLayout = DEFAULT_TOPIC_LAYOUT): TopicSpec[] {
  return [
    ...RAW_TOPICS.map((topic) => ({
      topic,
      partitions: layout.partitions,
      retentionMs: layout.rawRetentionMs,
    })),
    { topic: OUTCOMES_TOPIC, partitions: layout.partitions },
    { topic: DLQ_TOPIC, partitions: layout.partitions },
  ];
}

/** The layout from ROSETTA_TOPIC_PARTITIONS and ROSETTA_RAW_RETENTION_MS, falling back to the defaults above. */
export function topicLayoutFromEnv(env: NodeJS.ProcessEnv = process.env): TopicLayout {
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return value;
  };
  return {
    partitions: number('ROSETTA_TOPIC_PARTITIONS', DEFAULT_TOPIC_LAYOUT.partitions),
    rawRetentionMs: number('ROSETTA_RAW_RETENTION_MS', DEFAULT_TOPIC_LAYOUT.rawRetentionMs),
  };
}
