import { isCalendarDate, isTimestamp } from './datetime.ts';
import { type ColumnType, joinTypes, type SourceRow } from './types.ts';

/**
 * Type inference (design.md §6). A value qualifies for a type only if PostgreSQL stores it without loss and
 * prints it back the same way, so widening later (`USING col::text`) never changes a number:
 * - integers without a leading zero (`007` is a code, not 7) and without `-0`, within int8 → `bigint`;
 *   larger integers → `numeric` (never rounded into a float);
 * - plain decimals (`12.50`, `-0.5`; no exponent, no leading `+`, no `.5`) → `numeric`;
 * - `true`/`false` in any case → `boolean` (not `1`/`yes`: those are data);
 * - calendar dates → `date`; the timestamp forms of `datetime.ts` → `timestamp`;
 * - anything else → `text`.
 * The empty string fits every type: CommCare sends it for an answered-but-blank question; typed columns store
 * it as NULL (see `valueForColumn`).
 */
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const DECIMAL = /^-?(?:0|[1-9]\d*)\.\d+$/;
const BOOLEAN = /^(?:true|false)$/i;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const NEGATIVE_ZERO = /^-0(?:\.0+)?$/;
const INT8_MAX = 9223372036854775807n;
const INT8_MIN = -9223372036854775808n;

export function inferValueType(value: string | null): ColumnType | null {
  if (value === null || value === '') return null;
  if (INTEGER.test(value)) {
    if (value === '-0') return 'text';
    // Cheap length guard first: 19 digits is the most int8 can hold.
    if (value.length <= 18) return 'bigint';
    const big = BigInt(value);
    return big <= INT8_MAX && big >= INT8_MIN ? 'bigint' : 'numeric';
  }
  if (DECIMAL.test(value)) return /^-0\.0+$/.test(value) ? 'text' : 'numeric';
  if (BOOLEAN.test(value)) return 'boolean';
  if (isCalendarDate(value)) return 'date';
  if (isTimestamp(value)) return 'timestamp';
  return 'text';
}

/** True when `value` can be stored in a column of `type` as it is (NULL and '' fit everywhere). */
export function valueFits(value: string | null, type: ColumnType): boolean {
  if (value === null || value === '' || type === 'text') return true;
  const own = inferValueType(value);
  return own === null || joinTypes(own, type) === type;
}

/**
 * The join of the types of `values`. The common case (a value of the type seen so far) is checked with one
 * test instead of a full inference: this runs for every value of every batch.
 */
export function inferTypeOf(values: Iterable<string | null>): ColumnType | null {
  const accumulator = createTypeAccumulator();
  for (const value of values) {
    accumulator.add(value);
    if (accumulator.type === 'text') break;
  }
  return accumulator.type;
}

/** The same join, one value at a time, for a caller that visits values anyway (the COPY encoder). */
export interface TypeAccumulator {
  readonly type: ColumnType | null;
  add(value: string | null): void;
}

/**
 * `start`: a type already known to hold the column (the existing column's). The result is then the join of it
 * and the values, which is all the plan needs, and a text column costs nothing to profile.
 */
export function createTypeAccumulator(start: ColumnType | null = null): TypeAccumulator {
  let type: ColumnType | null = start;
  let last: string | null = null;
  return {
    get type() {
      return type;
    },
    add(value) {
      if (value === null || value === '' || value === last || type === 'text') return;
      last = value;
      if (type !== null && quickFits(value, type)) return;
      type = joinTypes(type, inferValueType(value));
    },
  };
}

function quickFits(value: string, type: ColumnType): boolean {
  switch (type) {
    case 'bigint':
      return value.length <= 18 && INTEGER.test(value) && value !== '-0';
    case 'numeric':
      return NUMBER.test(value) && (value.charCodeAt(0) !== 45 /* - */ || !NEGATIVE_ZERO.test(value));
    case 'boolean':
      return value.length <= 5 && BOOLEAN.test(value);
    case 'date':
      return isCalendarDate(value);
    case 'timestamp':
      return value.length === 10 ? isCalendarDate(value) : isTimestamp(value);
    default:
      return true;
  }
}

/**
 * The narrowest type per column over a batch. Columns whose values are all NULL or empty get `null`: they
 * carry no evidence yet, so they are not created (an all-blank first batch must not pin a column to text).
 */
export function inferColumnTypes(rows: readonly SourceRow[]): Map<string, ColumnType | null> {
  const names = new Set<string>();
  for (const row of rows) for (const name in row) names.add(name);
  const types = new Map<string, ColumnType | null>();
  for (const name of names) types.set(name, inferTypeOf(columnValues(rows, name)));
  return types;
}

export function* columnValues(rows: readonly SourceRow[], name: string): Generator<string | null> {
  for (const row of rows) yield row[name] ?? null;
}

/** The value as it goes into a column of `type`: the empty string has no typed form, so it becomes NULL. */
export function valueForColumn(value: string | null, type: ColumnType): string | null {
  if (value === '' && type !== 'text') return null;
  return value;
}
