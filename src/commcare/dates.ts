import { AppError } from '../core/errors.ts';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * CommCare's date forms (`…Z`, `….ffffffZ`, naive, `+hh:mm`) to a naive UTC `YYYY-MM-DDTHH:MM:SS.ffffff`,
 * the only form the v0.5 filters accept (an offset there is a 400, §3). Microseconds are kept: JS Dates only
 * hold milliseconds, and dropping the rest would make an incremental checkpoint skip or repeat cases.
 */
export function toNaiveUtc(value: string | Date): string {
  if (value instanceof Date) return `${value.toISOString().slice(0, 23)}000`;
  const match = ISO.exec(value.trim());
  if (!match) throw new AppError('validation', `"${value}" is not an ISO date or date-time`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const micro = fraction.padEnd(6, '0');
  if (!zone || zone === 'Z') return `${y}-${mo}-${d}T${h}:${mi}:${s}.${micro}`;
  const sign = zone.startsWith('-') ? 1 : -1; // 10:00+02:00 is 08:00 UTC
  const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s) + sign * (oh * 60 + om) * 60_000;
  return `${new Date(utc).toISOString().slice(0, 19)}.${micro}`;
}

/** Whether two CommCare timestamps denote the same instant (to the microsecond), whatever their form. */
export function sameInstant(a: string, b: string): boolean {
  return toNaiveUtc(a) === toNaiveUtc(b);
}
