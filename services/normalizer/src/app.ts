import {
  CommittedPositions,
  type IncomingRecord,
  type KafkaClientName,
  RAW_TOPICS,
  startTransactionalPipeline,
  superviseTransactionalPipeline,
} from '@rosetta/kafka';
import { standardTranslator } from '@rosetta/mappings';
import { createMetrics, type Metrics, type Readiness } from '@rosetta/telemetry';
import { tracedNormalize } from './traced-normalize.ts';

export interface NormalizerOptions {
  brokers: string[];
  /** The Kafka client library (default: ROSETTA_KAFKA_CLIENT, else kafkajs). */
  client?: KafkaClientName;
  groupId?: string;
  maxRecordsPerTransaction?: number;
  /** Outcome records over this many bytes are dead-lettered (default: MAX_RECORD_BYTES). */
  maxRecordBytes?: number;
  /** Where outcomes go (default: the layout's outcomes topic). */
  outcomesTopic?: string;
  log?: (line: Record<string, unknown>) => void;
  metrics?: Metrics;
  /** Back-off between restarts of a pipeline that stopped: doubles from `initialMs` up to `maxMs`. */
  restartBackoff?: { initialMs: number; maxMs: number };
}

export interface NormalizerCounters {
  consumed: number;
  outcomes: number;
  unmapped: number;
  deadLettered: number;
  /** Times the pipeline stopped and was started again. */
  restarts: number;
}

export interface Normalizer {
  counters: Readonly<NormalizerCounters>;
  /** Not ready while the pipeline is down or its last commit failed; the reason says which. */
  readiness(): Readiness;
  stop(): Promise<void>;
}

export const NORMALIZER_GROUP = 'rosetta-normalizer';

/** The normalizer service: raw topics → rosetta.outcomes.v1 (or the DLQ), exactly once, through the mapping tables. */
export async function startNormalizer(options: NormalizerOptions): Promise<Normalizer> {
  const translator = standardTranslator();
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const counters: NormalizerCounters = {
    consumed: 0,
    outcomes: 0,
    unmapped: 0,
    deadLettered: 0,
    restarts: 0,
  };
  const metrics = options.metrics ?? createMetrics('normalizer');
  const backoff = options.restartBackoff ?? { initialMs: 1000, maxMs: 5000 };
  const groupId = options.groupId ?? NORMALIZER_GROUP;
  // Kept across pipeline restarts: what this process committed is never processed again (see CommittedPositions).
  const committedPositions = new CommittedPositions();
  const transform = (input: IncomingRecord) => {
    counters.consumed += 1;
    const result = tracedNormalize(
      input,
      {
        translator,
        now: () => new Date().toISOString(),
        ...(options.maxRecordBytes ? { maxRecordBytes: options.maxRecordBytes } : {}),
        ...(options.outcomesTopic ? { outcomesTopic: options.outcomesTopic } : {}),
      },
      groupId,
    );
    if (result.kind === 'dead-letter') {
      counters.deadLettered += 1;
      metrics.deadLettered.inc({ stage: result.stage });
      log({
        level: 'warn',
        msg: 'dead-lettered',
        stage: result.stage,
        error: result.error.slice(0, 500),
        topic: input.topic,
        partition: input.partition,
        offset: input.offset,
      });
      return [result.record];
    }
    counters.outcomes += result.outcomes.length;
    for (const o of result.outcomes) {
      const labels = { vocabulary: o.source.protocol, tenant: o.tenant };
      metrics.published.inc({ ...labels, status: o.outcome.status });
      if (o.mapping.fidelity === 'unmapped') {
        counters.unmapped += 1;
        metrics.unmapped.inc(labels);
      }
      metrics.normalizationLatency.observe(Math.max(0, Date.now() - Date.parse(o.receivedAt)) / 1000);
    }
    return result.records;
  };
  const connection = {
    brokers: options.brokers,
    clientId: 'rosetta-normalizer',
    ...(options.client ? { client: options.client } : {}),
  };

  // A client gives up on a consumer after a non-retriable error; committed offsets make a fresh start safe.
  const pipeline = await superviseTransactionalPipeline(
    (events) =>
      startTransactionalPipeline(connection, {
        groupId,
        topics: RAW_TOPICS,
        transform,
        ...events,
        committedPositions,
        ...(options.maxRecordsPerTransaction
          ? { maxRecordsPerTransaction: options.maxRecordsPerTransaction }
          : {}),
      }),
    { name: 'normalizer', log, backoff, onRestarted: () => (counters.restarts += 1) },
  );

  return {
    counters,
    readiness: () => pipeline.readiness(),
    stop: () => pipeline.stop(),
  };
}
