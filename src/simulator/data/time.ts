/**
 * Simulated time is held in microseconds since the epoch (a JS number is exact up to 2^53 µs ≈ year 2255),
 * because HQ's timestamps carry six fractional digits and cursor ties depend on them.
 */
export type Micros = number;

export const MICROS_PER_SECOND = 1_000_000;

export function microsOf(date: Date): Micros {
  return date.getTime() * 1000;
}

function split(us: Micros): { iso: string; fraction: string } {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const fraction = String(us - Math.floor(us / MICROS_PER_SECOND) * MICROS_PER_SECOND).padStart(6, '0');
  return { iso, fraction };
}

/** `2020-03-19T14:31:34.133000Z`: HQ's API format. */
export function isoMicros(us: Micros): string {
  const { iso, fraction } = split(us);
  return `${iso}.${fraction}Z`;
}

/** `2023-05-09T16:10:47.225938`: naive, as in location and form metadata. */
export function naiveMicros(us: Micros): string {
  const { iso, fraction } = split(us);
  return `${iso}.${fraction}`;
}

/** `2020-03-19 14:31:34`: the Excel-dashboard feed's date form (µs dropped). */
export function feedDate(us: Micros): string {
  const seconds = Math.floor(us / MICROS_PER_SECOND);
  const day = Math.floor(seconds / 86_400);
  // Outside 1970–9999 leave it to Date (signs, six-digit years); the feed's dates are all inside.
  if (day < 0 || day > 2_932_896) return split(us).iso.replace('T', ' ');
  const inDay = seconds - day * 86_400;
  const hours = Math.floor(inDay / 3600);
  const minutes = Math.floor((inDay - hours * 3600) / 60);
  return `${calendarDay(day)} ${PAD2[hours]}:${PAD2[minutes]}:${PAD2[inDay - hours * 3600 - minutes * 60]}`;
}

const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** `YYYY-MM-DD` of a day count since 1970 (Hinnant's civil-from-days), without a Date per value. */
function calendarDay(day: number): string {
  const shifted = day + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${PAD2[month]}-${PAD2[dayOfMonth]}`;
}

export function dateOnly(us: Micros): string {
  return split(us).iso.slice(0, 10);
}

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Any of HQ's accepted date forms to µs; undefined when unreadable. `allowOffset: false` mimics v0.5. */
export function parseMicros(value: string, allowOffset = true): Micros | undefined {
  const match = PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  if (zone && zone !== 'Z' && !allowOffset) return undefined;
  let ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  if (Number.isNaN(ms)) return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? 1 : -1;
    ms += sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60_000;
  }
  return ms * 1000 + Number(fraction.padEnd(6, '0'));
}

/** ISO `…Z` strings in data become feed dates (HQ's transform_dates); other strings are left as they are. */
export function transformFeedValue(value: string): string {
  // Cheap first look (length, the `T`) before the regex: most values are not timestamps.
  if (value.length < 20 || value.charCodeAt(10) !== 0x54) return value;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return value;
  return value.slice(0, 19).replace('T', ' ');
}
