/**
 * Recognises the date and time forms CommCare produces (commcare-api.md §3, §4, §10) without a clock or a
 * time-zone database: the feed's `YYYY-MM-DD HH:MM:SS`, ISO `YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z]` and the legacy
 * `YYYY-MM-DDTHH:MMZ`. Only forms PostgreSQL stores without changing the instant qualify: a `Z` (UTC) or no
 * zone at all (CommCare's naive values are UTC). Explicit offsets such as `+05:30` stay text, because a
 * `timestamp` column would silently drop the offset; more than 6 fractional digits would be rounded.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?Z?$/;

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && validDate(match[1]!, match[2]!, match[3]!);
}

export function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (match === null) return false;
  // `YYYY-MM-DD HH:MM` without seconds is only accepted in the legacy `THH:MMZ` form.
  if (match[6] === undefined && !/T\d{2}:\d{2}Z$/.test(value)) return false;
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? '0')];
  return validDate(match[1]!, match[2]!, match[3]!) && hour < 24 && minute < 60 && second < 60;
}

function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
