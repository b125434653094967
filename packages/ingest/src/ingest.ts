import { hash } from 'node:crypto';
import { MAX_RECORD_BYTES, type RecordPublisher, rawTopic, recordBytes } from '@rosetta/kafka';
import { deviceKey } from '@rosetta/outcome-schema';
import { encodeRawRecord, type RawRecord, rawRecordProblems, resultOutcomeId } from '@rosetta/raw-record';
import { endSpan, startSendSpan, traceparentOf } from '@rosetta/tracing';
import { IngestInvalidError, IngestTooLargeError, IngestUnavailableError } from './errors.ts';

/** A stable id for a received message: the same bytes from the same sender give the same id (and outcome ids). */
export function contentRecordId(...parts: (string | Buffer)[]): string {
  // Every part followed by the unit separator, hashed in one call (an adapter does this once per record).
  const input = !parts.every((part) => typeof part === 'string')
    ? Buffer.concat(parts.flatMap((part) => [Buffer.from(part), SEPARATOR_BYTES]))
    : parts.length > 0
      ? `${parts.join(UNIT_SEPARATOR)}${UNIT_SEPARATOR}`
      : '';
  return `sha256:${hash('sha256', input, 'hex').slice(0, 32)}`;
}
const UNIT_SEPARATOR = '\u001f';
const SEPARATOR_BYTES = Buffer.from(UNIT_SEPARATOR);

/** The canonical ids the normalizer will give this raw record's results (same function, so the sender can be told now). */
export function expectedOutcomeIds(record: RawRecord): string[] {
  return record.results.map((result, index) => resultOutcomeId(record, result.device.id, index));
}

/**
 * Writes raw records with acks=all, all in one request to Kafka, and resolves only once Kafka has them.
 * The caller answers its sender after this resolves; if it throws, the caller refuses the whole request:
 * IngestInvalidError (400) or IngestTooLargeError (413), both checked before anything is sent, or
 * IngestUnavailableError (503, retry later).
 */
export async function publishRaw(publisher: RecordPublisher, records: readonly RawRecord[]): Promise<void> {
  for (const record of records) {
    const problems = rawRecordProblems(record);
    if (problems) throw new IngestInvalidError(`not accepted: ${problems}`);
  }
  // One PRODUCER span per record, child of the record's trace context; the record then carries the span's, so the
  // normalizer's spans hang below it. With tracing off the record's own traceparent stays as it came.
  const sends = records.map((record) => {
    const topic = rawTopic(record.vocabulary);
    const key = deviceKey(record.tenant, record.results[0]?.device.id ?? '-');
    const span = startSendSpan({ topic, key, messageId: record.recordId }, record.traceparent);
    const traceparent = traceparentOf(span);
    const value = encodeRawRecord(traceparent ? { ...record, traceparent } : record);
    return { span, record: { topic, key, value } };
  });
  const outgoing = sends.map((send) => send.record);
  try {
    for (const record of outgoing) {
      const bytes = recordBytes(record);
      if (bytes > MAX_RECORD_BYTES) throw new IngestTooLargeError(bytes, MAX_RECORD_BYTES);
    }
    try {
      await publisher.publish(outgoing);
    } catch (error) {
      throw new IngestUnavailableError(error);
    }
  } catch (error) {
    for (const { span } of sends) endSpan(span, error);
    throw error;
  }
  for (const { span } of sends) endSpan(span);
}
