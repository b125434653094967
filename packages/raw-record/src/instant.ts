const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An RFC 3339 date-time as the ISO instant a raw record carries, or undefined when it names no instant: a day the
 * month does not have (2026-02-30) is refused, never rolled over into the next month. A leap second (23:59:60Z,
 * valid RFC 3339) becomes 23:59:59.999Z: JavaScript dates have no leap seconds.
 */
export function toInstant(text: string): string | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction = '', offset = ''] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  if (offset.length === 6 && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59))
    return undefined;
  const leap = second === 60;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${leap ? '59' : s}${leap ? '.999' : fraction.slice(0, 4)}${offset.toUpperCase()}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
