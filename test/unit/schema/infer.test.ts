import { describe, expect, it } from 'vitest';
import { inferTypeOf, inferValueType, valueFits } from '../../../src/schema/infer.ts';
import { type ColumnType, isWithin, joinTypes } from '../../../src/schema/types.ts';

describe('inferValueType', () => {
  it.each<[string | null, ColumnType | null]>([
    [null, null],
    ['', null],
    ['0', 'bigint'],
    ['42', 'bigint'],
    ['-17', 'bigint'],
    ['9223372036854775807', 'bigint'],
    ['-9223372036854775808', 'bigint'],
    ['9223372036854775808', 'numeric'], // beyond int8: numeric, never rounded
    ['-9223372036854775809', 'numeric'],
    ['123456789012345678901234567890', 'numeric'],
    ['007', 'text'], // leading zero: a code
    ['00', 'text'],
    ['-0', 'text'],
    ['+5', 'text'],
    ['1e5', 'text'],
    ['12.50', 'numeric'],
    ['-0.5', 'numeric'],
    ['0.0', 'numeric'],
    ['-0.0', 'text'],
    ['.5', 'text'],
    ['5.', 'text'],
    ['01.5', 'text'],
    ['true', 'boolean'],
    ['False', 'boolean'],
    ['TRUE', 'boolean'],
    ['yes', 'text'],
    ['1 ', 'text'],
    ['2021-05-20', 'date'],
    ['2020-02-29', 'date'],
    ['2021-02-29', 'text'],
    ['2021-13-01', 'text'],
    ['0000-01-01', 'text'],
    ['2021-05-20 12:28:05', 'timestamp'], // feed
    ['2021-05-20T12:28:05Z', 'timestamp'],
    ['2021-05-20T12:28:05.796000Z', 'timestamp'],
    ['2021-05-20T12:28:05.796', 'timestamp'], // naive
    ['2021-05-20T12:28:05', 'timestamp'],
    ['2012-03-13T18:21Z', 'timestamp'], // legacy
    ['2021-05-20T12:28:05+05:30', 'text'], // an offset would be dropped by timestamp
    ['2021-05-20T12:28:05.1234567Z', 'text'], // would be rounded
    ['2021-05-20T24:00:00', 'text'],
    ['hello', 'text'],
  ])('%j → %s', (value, expected) => {
    expect(inferValueType(value)).toBe(expected);
  });
});

describe('widening lattice', () => {
  it.each<[ColumnType | null, ColumnType | null, ColumnType | null]>([
    [null, null, null],
    [null, 'bigint', 'bigint'],
    ['bigint', 'bigint', 'bigint'],
    ['bigint', 'numeric', 'numeric'],
    ['numeric', 'bigint', 'numeric'],
    ['bigint', 'text', 'text'],
    ['date', 'timestamp', 'timestamp'],
    ['timestamp', 'date', 'timestamp'],
    ['date', 'bigint', 'text'],
    ['boolean', 'bigint', 'text'],
    ['boolean', 'date', 'text'],
    ['boolean', 'boolean', 'boolean'],
    ['numeric', 'timestamp', 'text'],
  ])('join(%s, %s) = %s', (a, b, expected) => {
    expect(joinTypes(a, b)).toBe(expected);
    expect(joinTypes(b, a)).toBe(expected);
  });

  it.each<[ColumnType, ColumnType, boolean]>([
    ['bigint', 'numeric', true],
    ['numeric', 'bigint', false],
    ['date', 'text', true],
    ['boolean', 'numeric', false],
  ])('isWithin(%s, %s) = %s', (narrow, wide, expected) => {
    expect(isWithin(narrow, wide)).toBe(expected);
  });

  it.each<[(string | null)[], ColumnType | null]>([
    [['1', '2', null, ''], 'bigint'],
    [['1', '2.5'], 'numeric'],
    [['1', '99999999999999999999'], 'numeric'],
    [['1', '007'], 'text'],
    [['2021-01-01', '2021-01-01 10:00:00'], 'timestamp'],
    [['2021-01-01', 'x'], 'text'],
    [['true', 'FALSE', 'True'], 'boolean'],
    [['true', '1'], 'text'],
    [[null, '', null], null],
  ])('a column of %j is %s', (values, expected) => {
    expect(inferTypeOf(values)).toBe(expected);
  });

  it('valueFits accepts NULL and empty everywhere and narrower values in wider types', () => {
    expect(valueFits(null, 'boolean')).toBe(true);
    expect(valueFits('', 'date')).toBe(true);
    expect(valueFits('5', 'numeric')).toBe(true);
    expect(valueFits('2021-01-01', 'timestamp')).toBe(true);
    expect(valueFits('5.5', 'bigint')).toBe(false);
    expect(valueFits('anything', 'text')).toBe(true);
  });
});
