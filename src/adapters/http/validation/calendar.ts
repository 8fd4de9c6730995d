// Strict parsing of the two time formats the API accepts: a calendar date `YYYY-MM-DD` and an
// RFC 3339 instant (the document's `format: date-time`): seconds written, offset `Z` or `±hh:mm`,
// `T` and `Z` in either case. A zone-less local time is refused:
// the server could only guess its zone, which is the bug this service exists to remove. Years run
// from 1 to 9999, in the written date and, for an instant, in UTC: PostgreSQL has no year 0, and
// the wire format (`toISOString`) has four-digit years only.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/i;
// Two near misses ISO 8601 allows and RFC 3339 does not, named so the 400 can say what to write.
const WITHOUT_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})?$/i;
const BASIC_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}$/i;

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export type InstantParse =
  | { readonly ok: true; readonly epochMs: number }
  | { readonly ok: false; readonly reason: 'format' | 'seconds' | 'offset' | 'zoneless' | 'range' };

const EARLIEST_MS = new Date(0).setUTCFullYear(1, 0, 1);
const LATEST_MS = new Date(0).setUTCFullYear(9999, 11, 31) + 86_400_000 - 1;

export function parseInstant(text: string): InstantParse {
  const m = INSTANT.exec(text);
  if (!m) return { ok: false, reason: WITHOUT_SECONDS.test(text) ? 'seconds' : BASIC_OFFSET.test(text) ? 'offset' : 'format' };
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = Number(m[6]);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8];
  if (year === 0) return { ok: false, reason: 'range' };
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'format' };
  if (zone === undefined) return { ok: false, reason: 'zoneless' };
  const offsetMinutes = offsetOf(zone);
  if (offsetMinutes === null) return { ok: false, reason: 'format' };
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0..99 to 1900..1999
  utc.setUTCHours(hour, minute, second, millis);
  const epochMs = utc.getTime() - offsetMinutes * 60_000;
  if (epochMs < EARLIEST_MS || epochMs > LATEST_MS) return { ok: false, reason: 'range' };
  return { ok: true, epochMs };
}

function offsetOf(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 18 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
