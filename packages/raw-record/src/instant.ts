const LEAP_SECOND = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):60(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An RFC 3339 date-time as the ISO instant a raw record carries, or undefined when it names no instant.
 * A leap second (23:59:60Z, valid RFC 3339) becomes 23:59:59.999Z: JavaScript dates have no leap seconds.
 */
export function toInstant(text: string): string | undefined {
  const repaired = text.replace(LEAP_SECOND, '$1:59.999$3');
  const ms = Date.parse(repaired);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
