/** Every topic name Rosetta uses is built here and nowhere else. */
import { VOCABULARIES, type Vocabulary } from '@rosetta/outcome-schema';

export const TOPIC_PREFIX = 'rosetta';

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
