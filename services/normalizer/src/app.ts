import { hostname } from 'node:os';
import { createKafka, type IncomingRecord, RAW_TOPICS, startTransactionalPipeline } from '@rosetta/kafka';
import { standardTranslator } from '@rosetta/mappings';
import { createMetrics, type Metrics } from '@rosetta/telemetry';
import { normalize } from './normalize.ts';

export interface NormalizerOptions {
  brokers: string[];
  /** Stable per replica (e.g. the pod name of a StatefulSet), so a restart fences the previous incarnation. */
  instanceId?: string;
  groupId?: string;
  maxRecordsPerTransaction?: number;
  log?: (line: Record<string, unknown>) => void;
  metrics?: Metrics;
  /** The pipeline stopped after a non-retriable error; main.ts exits so the supervisor restarts the process. */
  onFatal?: (error: Error) => void;
}

export interface NormalizerCounters {
  consumed: number;
  outcomes: number;
  unmapped: number;
  deadLettered: number;
}

export interface Normalizer {
  counters: Readonly<NormalizerCounters>;
  stop(): Promise<void>;
}

export const NORMALIZER_GROUP = 'rosetta-normalizer';

/** The normalizer service: raw topics → rosetta.outcomes.v1 (or the DLQ), exactly once, through the mapping tables. */
export async function startNormalizer(options: NormalizerOptions): Promise<Normalizer> {
  const translator = standardTranslator();
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const counters: NormalizerCounters = { consumed: 0, outcomes: 0, unmapped: 0, deadLettered: 0 };
  const metrics = options.metrics ?? createMetrics('normalizer');
  const transform = (input: IncomingRecord) => {
    counters.consumed += 1;
    const result = normalize(input, { translator, now: () => new Date().toISOString() });
    if (result.kind === 'dead-letter') {
      counters.deadLettered += 1;
      metrics.deadLettered.inc({ stage: result.stage });
      log({
        level: 'warn',
        msg: 'dead-lettered',
        stage: result.stage,
        error: result.error,
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
  const kafka = createKafka({ brokers: options.brokers, clientId: 'rosetta-normalizer' });
  const pipeline = await startTransactionalPipeline({
    kafka,
    groupId: options.groupId ?? NORMALIZER_GROUP,
    transactionalId: `rosetta-normalizer-${options.instanceId ?? hostname()}`,
    topics: RAW_TOPICS,
    transform,
    onFatal: (error) => {
      log({ level: 'fatal', msg: 'normalizer pipeline stopped', error: error.message });
      options.onFatal?.(error);
    },
    ...(options.maxRecordsPerTransaction
      ? { maxRecordsPerTransaction: options.maxRecordsPerTransaction }
      : {}),
  });
  return { counters, stop: () => pipeline.stop() };
}
