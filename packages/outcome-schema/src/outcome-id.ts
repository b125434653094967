import { createHash } from 'node:crypto';

/**
 * A deterministic UUID (version 8, RFC 9562 "custom") from the parts that identify a source record,
 * so a redelivered result gets the same id and consumers can dedup on (source, id).
 */
export function outcomeId(parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
