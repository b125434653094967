const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

/**
 * An ISO 8601 duration in weeks, days, hours, minutes and seconds, as milliseconds; undefined for anything else —
 * years and months included, whose length depends on the calendar.
 */
export function durationMs(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  return (
    Number(w ?? 0) * MS.week +
    Number(d ?? 0) * MS.day +
    Number(h ?? 0) * MS.hour +
    Number(min ?? 0) * MS.minute +
    Math.round(Number(s ?? 0) * MS.second)
  );
}
