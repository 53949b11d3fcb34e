import { inferValueType } from './infer.ts';
import type { ColumnType } from './types.ts';

/**
 * Columns we create always have one of our six types. A table may also hold columns another tool made (the
 * seed's Rails app used `integer`, `double precision`, `character varying`): this module places such a
 * PostgreSQL type on our lattice and says whether a value fits it exactly, so the plan widens them only when a
 * value would otherwise fail or be rounded. Types it does not know (uuid, json, …) are left alone.
 */
export interface PhysicalType {
  /** Where the type sits on our lattice; `null` for a type we never touch. */
  lattice: ColumnType | null;
  /** True for our own six types: a value fits exactly when its inferred type is within `lattice`. */
  exact: boolean;
  fits(value: string): boolean;
  /** Widening from this type must go through text to keep every digit (float → numeric). */
  viaText: boolean;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
};

export function physicalType(formatted: string): PhysicalType {
  const type = formatted.toLowerCase();
  const exact = exactType(type);
  if (exact) return { lattice: exact, exact: true, viaText: false, fits: (v) => withinType(v, exact) };
  const range = INT_RANGES[type];
  if (range) {
    return {
      lattice: 'bigint',
      exact: false,
      viaText: false,
      fits: (v) => inferValueType(v) === 'bigint' && BigInt(v) >= range[0] && BigInt(v) <= range[1],
    };
  }
  if (type === 'real' || type === 'double precision') {
    const digits = type === 'real' ? 6 : 15;
    return {
      lattice: 'numeric',
      exact: false,
      viaText: true,
      fits: (v) => withinType(v, 'numeric') && significantDigits(v) <= digits,
    };
  }
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric) {
    const [precision, scale] = [Number(numeric[1]), Number(numeric[2])];
    return {
      lattice: 'numeric',
      exact: false,
      viaText: false,
      fits: (v) => fitsNumeric(v, precision, scale),
    };
  }
  const varchar = /^(?:character varying|character)(?:\((\d+)\))?$/.exec(type);
  if (varchar) {
    const max = varchar[1] === undefined ? Number.POSITIVE_INFINITY : Number(varchar[1]);
    // `character(n)` pads and trims trailing blanks, so only unconstrained varchar keeps every value.
    const padded = type.startsWith('character(') || type === 'character';
    return {
      lattice: 'text',
      exact: false,
      viaText: false,
      fits: (v) => !padded && [...v].length <= max,
    };
  }
  if (type.startsWith('timestamp')) {
    // timestamptz (session time zone UTC) and timestamp(p ≥ 6) hold our timestamp values unchanged.
    const precision = /^timestamp\((\d)\)/.exec(type);
    const ok = precision === null || Number(precision[1]) >= 6;
    return {
      lattice: 'timestamp',
      exact: false,
      viaText: false,
      fits: (v) => ok && withinType(v, 'timestamp'),
    };
  }
  return { lattice: null, exact: false, viaText: false, fits: () => true };
}

function exactType(type: string): ColumnType | null {
  switch (type) {
    case 'bigint':
    case 'numeric':
    case 'date':
    case 'boolean':
    case 'text':
      return type;
    case 'timestamp without time zone':
      return 'timestamp';
    default:
      return null;
  }
}

function withinType(value: string, type: ColumnType): boolean {
  const own = inferValueType(value);
  if (own === null || own === type || type === 'text') return true;
  if (type === 'numeric') return own === 'bigint';
  if (type === 'timestamp') return own === 'date';
  return false;
}

function significantDigits(value: string): number {
  return value.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
}

function fitsNumeric(value: string, precision: number, scale: number): boolean {
  if (!withinType(value, 'numeric')) return false;
  const [whole = '', fraction = ''] = value.replace(/^-/, '').split('.');
  return fraction.length <= scale && whole.replace(/^0+/, '').length <= precision - scale;
}
