import {
  type IncomingRecord,
  MAX_RECORD_BYTES,
  OUTCOMES_TOPIC,
  type OutgoingRecord,
  recordBytes,
} from '@rosetta/kafka';
import { type Translator, toOutcome } from '@rosetta/mappings';
import { type Outcome, toCloudEvent, validateOutcome } from '@rosetta/outcome-schema';
import { decodeRawRecord, type RawRecord } from '@rosetta/raw-record';
import { type DeadLetterStage, deadLetter } from './dead-letter.ts';

export type Normalized =
  | { kind: 'outcomes'; records: OutgoingRecord[]; outcomes: Outcome[] }
  | { kind: 'dead-letter'; record: OutgoingRecord; stage: DeadLetterStage; error: string };

export interface NormalizeOptions {
  translator: Translator;
  /** When this copy is produced: the CloudEvents `recordedtime`; a replay gives a new one. */
  now: () => string;
  outcomesTopic?: string;
  /** An outcome record larger than this is not publishable: the raw record is dead-lettered instead. */
  maxRecordBytes?: number;
  /** The trace context the outcomes carry (`ce_traceparent`); by default the raw record's own. */
  traceparentFor?: (raw: RawRecord) => string | undefined;
}

export function outcomesOf(
  raw: RawRecord,
  translator: Translator,
  traceparent: string | undefined = raw.traceparent,
): Outcome[] {
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
      ...(traceparent ? { traceparent } : {}),
    });
  });
}

/** One raw-topic record → its canonical outcomes, or one dead letter. Pure: no I/O, never throws. */
export function normalize(input: IncomingRecord, options: NormalizeOptions): Normalized {
  const now = options.now();
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const decoded = decodeRawRecord(input.value);
  if (!decoded.ok)
    return {
      kind: 'dead-letter',
      stage: decoded.stage,
      error: decoded.error,
      record: deadLetter(input, { stage: decoded.stage, error: decoded.error, now, maxBytes }),
    };
  let outcomes: Outcome[];
  try {
    const traceparent = options.traceparentFor
      ? options.traceparentFor(decoded.record)
      : decoded.record.traceparent;
    outcomes = outcomesOf(decoded.record, options.translator, traceparent);
  } catch (error) {
    const message = (error as Error).message;
    return {
      kind: 'dead-letter',
      stage: 'translate',
      error: message,
      record: deadLetter(input, { stage: 'translate', error: message, now, maxBytes }),
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
        record: deadLetter(input, { stage: 'outcome-schema', error: message, now, maxBytes }),
      };
    }
  }
  const topic = options.outcomesTopic ?? OUTCOMES_TOPIC;
  const records = outcomes.map((outcome) => ({ topic, ...toCloudEvent(outcome, now) }));
  const oversized = records.findIndex((record) => recordBytes(record) > maxBytes);
  if (oversized >= 0) {
    const message = `outcome ${oversized} would be ${recordBytes(records[oversized] as OutgoingRecord)} bytes, over the ${maxBytes}-byte record limit`;
    return {
      kind: 'dead-letter',
      stage: 'too-large',
      error: message,
      record: deadLetter(input, { stage: 'too-large', error: message, now, maxBytes }),
    };
  }
  return { kind: 'outcomes', outcomes, records };
}
