import { createHash } from 'node:crypto';
import { type RecordPublisher, rawTopic } from '@rosetta/kafka';
import { deviceKey, outcomeId } from '@rosetta/outcome-schema';
import { encodeRawRecord, type RawRecord } from '@rosetta/raw-record';

/** Kafka did not acknowledge: the sender must retry later; nothing of the request counts as accepted. */
export class IngestUnavailableError extends Error {
  readonly code = 'ROSETTA_ERR_INGEST_KAFKA_UNAVAILABLE';
  /** Seconds a well-behaved sender should wait before retrying. */
  readonly retryAfterSeconds = 5;
  constructor(cause: unknown) {
    super(`Kafka did not acknowledge the raw record(s): ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** A stable id for a received message: the same bytes from the same sender give the same id (and outcome ids). */
export function contentRecordId(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u001f');
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

/** The canonical ids the normalizer will give this raw record's results (same function, so the sender can be told now). */
export function expectedOutcomeIds(record: RawRecord): string[] {
  return record.results.map((result, index) =>
    outcomeId([record.vocabulary, record.tenant, result.device.id, record.recordId, String(index)]),
  );
}

/**
 * Writes raw records with acks=all, all in one request to Kafka, and resolves only once Kafka has them.
 * The caller answers its sender after this resolves; if it throws, the caller refuses the whole request.
 */
export async function publishRaw(publisher: RecordPublisher, records: readonly RawRecord[]): Promise<void> {
  const outgoing = records.map((record) => ({
    topic: rawTopic(record.vocabulary),
    key: deviceKey(record.tenant, record.results[0]?.device.id ?? '-'),
    value: encodeRawRecord(record),
  }));
  try {
    await publisher.publish(outgoing);
  } catch (error) {
    throw new IngestUnavailableError(error);
  }
}
