/**
 * Recognises the date and time forms CommCare produces (commcare-api.md §3, §4, §10) without a clock or a
 * time-zone database: the feed's `YYYY-MM-DD HH:MM:SS`, ISO `YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z]` and the legacy
 * `YYYY-MM-DDTHH:MMZ`. Only forms PostgreSQL stores without changing the instant qualify: a `Z` (UTC) or no
 * zone at all (CommCare's naive values are UTC). Explicit offsets such as `+05:30` stay text, because a
 * `timestamp` column would silently drop the offset; more than 6 fractional digits would be rounded.
 * Parsed by character position rather than by regular expression: this runs for every value of every batch.
 */
const ZERO = 48;

export function isCalendarDate(value: string): boolean {
  return value.length === 10 && datePartValid(value);
}

export function isTimestamp(value: string): boolean {
  const length = value.length;
  if (length < 16 || length > 27 || !datePartValid(value)) return false;
  const separator = value.charCodeAt(10);
  if (separator !== 84 /* T */ && separator !== 32 /* space */) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  if (value.charCodeAt(13) !== 58 /* : */ || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  const zulu = value.charCodeAt(length - 1) === 90; /* Z */
  const end = zulu ? length - 1 : length;
  // Legacy `YYYY-MM-DDTHH:MMZ`: no seconds, only with T and Z.
  if (end === 16) return zulu && separator === 84;
  if (end < 19 || value.charCodeAt(16) !== 58) return false;
  const second = twoDigits(value, 17);
  if (second < 0 || second > 59) return false;
  if (end === 19) return true;
  // `.f` … `.ffffff`
  if (value.charCodeAt(19) !== 46 /* . */ || end === 20 || end > 26) return false;
  for (let i = 20; i < end; i += 1) if (!isDigit(value.charCodeAt(i))) return false;
  return true;
}

/** `YYYY-MM-DD` at the start of `value`, a real calendar day in years 1–9999. */
function datePartValid(value: string): boolean {
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const high = twoDigits(value, 0);
  const low = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  if (high < 0 || low < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = high * 100 + low;
  return year >= 1 && day <= daysInMonth(year, month);
}

/** The two-digit number at `at`, or -1 when either character is not a digit. */
function twoDigits(value: string, at: number): number {
  const a = value.charCodeAt(at);
  const b = value.charCodeAt(at + 1);
  return isDigit(a) && isDigit(b) ? (a - ZERO) * 10 + (b - ZERO) : -1;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
