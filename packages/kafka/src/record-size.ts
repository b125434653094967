import type { OutgoingRecord } from './port.ts';

/**
 * The largest record Rosetta writes. Kafka's default message.max.bytes is 1,048,588 bytes per record batch,
 * and a batch adds its own framing, so records stay a little below 1 MiB. Adapters refuse larger raw records
 * (HTTP 413); the normalizer dead-letters outcomes that would not fit.
 */
export const MAX_RECORD_BYTES = 1_000_000;

/** Bytes a record costs on the wire, closely enough to stay under the broker's limit (64 bytes of framing). */
export function recordBytes(record: OutgoingRecord): number {
  let size =
    Buffer.byteLength(record.key) +
    (typeof record.value === 'string' ? Buffer.byteLength(record.value) : record.value.length) +
    64;
  for (const [name, value] of Object.entries(record.headers ?? {}))
    size += Buffer.byteLength(name) + Buffer.byteLength(value) + 8;
  return size;
}
