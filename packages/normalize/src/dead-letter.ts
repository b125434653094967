import { createHash } from 'node:crypto';
import {
  DLQ_HEADER,
  DLQ_TOPIC,
  type IncomingRecord,
  MAX_RECORD_BYTES,
  type OutgoingRecord,
  recordBytes,
} from '@rosetta/kafka';

export type DeadLetterStage = 'parse' | 'validate' | 'translate' | 'outcome-schema' | 'too-large';

export interface DeadLetterReason {
  stage: DeadLetterStage;
  error: string;
  now: string;
  maxBytes?: number;
}

// Validation messages quote the offending value; a reason is for a human and never needs more than this.
const MAX_ERROR_CHARS = 2000;

/**
 * The original bytes and headers, plus why and where it failed: nothing is lost, and the partition moves on.
 * A dead letter always fits the broker: if the original plus the reason would not, the original bytes are cut
 * and its full size and SHA-256 go into headers (the raw topic keeps the whole record for its retention).
 */
export function deadLetter(input: IncomingRecord, reason: DeadLetterReason): OutgoingRecord {
  const value = input.value ?? Buffer.alloc(0);
  const error =
    reason.error.length > MAX_ERROR_CHARS ? `${reason.error.slice(0, MAX_ERROR_CHARS)}…` : reason.error;
  const record = {
    topic: DLQ_TOPIC,
    key: input.key?.toString() ?? '',
    value,
    headers: {
      ...input.headers,
      [DLQ_HEADER.error]: error,
      [DLQ_HEADER.stage]: reason.stage,
      [DLQ_HEADER.sourceTopic]: input.topic,
      [DLQ_HEADER.sourcePartition]: String(input.partition),
      [DLQ_HEADER.sourceOffset]: input.offset,
      [DLQ_HEADER.time]: reason.now,
    },
  };
  const maxBytes = reason.maxBytes ?? MAX_RECORD_BYTES;
  const excess = recordBytes(record) - maxBytes;
  if (excess <= 0) return record;
  const headers = {
    ...record.headers,
    [DLQ_HEADER.originalBytes]: String(value.length),
    [DLQ_HEADER.originalSha256]: createHash('sha256').update(value).digest('hex'),
  };
  return { ...record, headers, value: value.subarray(0, Math.max(0, value.length - excess - 256)) };
}
