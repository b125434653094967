import type { IHeaders } from 'kafkajs';

/** kafkajs hands headers back as Buffers (or arrays of them); Rosetta's headers are single UTF-8 strings. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) decoded[name] = first.toString();
  }
  return decoded;
}

/** Headers a dead letter carries beside the original record's own headers and bytes. */
export const DLQ_HEADER = {
  error: 'rosetta_dlq_error',
  stage: 'rosetta_dlq_stage',
  sourceTopic: 'rosetta_dlq_source_topic',
  sourcePartition: 'rosetta_dlq_source_partition',
  sourceOffset: 'rosetta_dlq_source_offset',
  time: 'rosetta_dlq_time',
  /** Present when the original bytes were cut so the dead letter fits the broker: its full size and SHA-256. */
  originalBytes: 'rosetta_dlq_original_bytes',
  originalSha256: 'rosetta_dlq_original_sha256',
} as const;
