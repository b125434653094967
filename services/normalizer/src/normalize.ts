import {
  DLQ_HEADER,
  DLQ_TOPIC,
  type IncomingRecord,
  OUTCOMES_TOPIC,
  type OutgoingRecord,
} from '@rosetta/kafka';
import { type Translator, toOutcome } from '@rosetta/mappings';
import { type Outcome, toCloudEvent, validateOutcome } from '@rosetta/outcome-schema';
import { decodeRawRecord, type RawRecord } from '@rosetta/raw-record';

export type DeadLetterStage = 'parse' | 'validate' | 'translate' | 'outcome-schema';

export type Normalized =
  | { kind: 'outcomes'; records: OutgoingRecord[]; outcomes: Outcome[] }
  | { kind: 'dead-letter'; record: OutgoingRecord; stage: DeadLetterStage; error: string };

export interface NormalizeOptions {
  translator: Translator;
  /** When this copy is produced: the CloudEvents `recordedtime`; a replay gives a new one. */
  now: () => string;
  outcomesTopic?: string;
}

/** The original bytes and headers, plus why and where it failed: nothing is lost, and the partition moves on. */
export function deadLetter(
  input: IncomingRecord,
  stage: DeadLetterStage,
  error: string,
  now: string,
): OutgoingRecord {
  return {
    topic: DLQ_TOPIC,
    key: input.key?.toString() ?? '',
    value: input.value ?? Buffer.alloc(0),
    headers: {
      ...input.headers,
      [DLQ_HEADER.error]: error,
      [DLQ_HEADER.stage]: stage,
      [DLQ_HEADER.sourceTopic]: input.topic,
      [DLQ_HEADER.sourcePartition]: String(input.partition),
      [DLQ_HEADER.sourceOffset]: input.offset,
      [DLQ_HEADER.time]: now,
    },
  };
}

export function outcomesOf(raw: RawRecord, translator: Translator): Outcome[] {
  return raw.results.map((result, index) => {
    const translation = translator.translate(raw.vocabulary, result.code, raw.profile);
    return toOutcome(translation, {
      tenant: raw.tenant,
      device: result.device,
      recordId: raw.recordId,
      index,
      receivedAt: raw.receivedAt,
      ...(result.occurredAt ? { occurredAt: result.occurredAt } : {}),
      ...(result.correlation ? { correlation: result.correlation } : {}),
      ...(result.package ? { package: result.package } : {}),
      ...(result.operationType ? { operationType: result.operationType } : {}),
      ...(result.previousCode === undefined ? {} : { previousCode: result.previousCode }),
      ...(result.inferred ? { inferred: true } : {}),
      ...(raw.traceparent ? { traceparent: raw.traceparent } : {}),
    });
  });
}

/** One raw-topic record → its canonical outcomes, or one dead letter. Pure: no I/O, never throws. */
export function normalize(input: IncomingRecord, options: NormalizeOptions): Normalized {
  const now = options.now();
  const decoded = decodeRawRecord(input.value);
  if (!decoded.ok)
    return {
      kind: 'dead-letter',
      stage: decoded.stage,
      error: decoded.error,
      record: deadLetter(input, decoded.stage, decoded.error, now),
    };
  let outcomes: Outcome[];
  try {
    outcomes = outcomesOf(decoded.record, options.translator);
  } catch (error) {
    const message = (error as Error).message;
    return {
      kind: 'dead-letter',
      stage: 'translate',
      error: message,
      record: deadLetter(input, 'translate', message, now),
    };
  }
  for (const outcome of outcomes) {
    const validation = validateOutcome(outcome);
    if (!validation.ok) {
      const message = `outcome fails outcome.v1: ${validation.errors.join('; ')}`;
      return {
        kind: 'dead-letter',
        stage: 'outcome-schema',
        error: message,
        record: deadLetter(input, 'outcome-schema', message, now),
      };
    }
  }
  const topic = options.outcomesTopic ?? OUTCOMES_TOPIC;
  return {
    kind: 'outcomes',
    outcomes,
    records: outcomes.map((outcome) => ({ topic, ...toCloudEvent(outcome, now) })),
  };
}
