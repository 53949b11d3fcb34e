import { describe, expect, it } from 'vitest';
import {
  columnNameFor,
  cutToBytes,
  MAX_IDENTIFIER_BYTES,
  normalizeHeaders,
} from '../../../src/schema/naming.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('columnNameFor', () => {
  it.each([
    ['caseid', 'caseid'],
    ['Case Name', 'Case Name'],
    ['indices.household', 'indices.household'],
    ['a"b; DROP TABLE x; --', 'a"b; DROP TABLE x; --'],
    ['select', 'select'],
    ['ümlaut ✓', 'ümlaut ✓'],
    ['x'.repeat(63), 'x'.repeat(63)],
  ])('keeps %j verbatim when it fits 63 bytes', (source, expected) => {
    expect(columnNameFor(source)).toBe(expected);
  });

  it.each([
    ['a 64-byte ascii name', 'x'.repeat(64)],
    ['a 200-character name', 'q'.repeat(200)],
    ['multi-byte characters', 'é'.repeat(40)],
    ['4-byte emoji', '😀'.repeat(20)],
  ])('cuts %s at a character boundary and adds a hash', (_label, source) => {
    const name = columnNameFor(source);
    expect(bytes(name)).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
    expect(name).toMatch(/_[0-9a-f]{8}$/);
    expect(source.startsWith(name.slice(0, -9))).toBe(true);
    expect(name).not.toContain('\uFFFD');
    expect(columnNameFor(source)).toBe(name); // deterministic
  });

  it('keeps two long names that share a prefix apart', () => {
    const prefix = 'form.household.member.very_long_group_name.another_group.question_';
    expect(columnNameFor(`${prefix}one`)).not.toBe(columnNameFor(`${prefix}two`));
  });

  it('strips NUL characters, which PostgreSQL identifiers cannot hold', () => {
    expect(columnNameFor('a\u0000b')).toBe('ab');
  });

  it('cutToBytes never splits a character', () => {
    expect(cutToBytes('aé', 2)).toBe('a');
    expect(cutToBytes('😀x', 3)).toBe('');
    expect(cutToBytes('abc', 10)).toBe('abc');
  });
});

describe('normalizeHeaders (export feed)', () => {
  it.each([
    [
      ['number', 'caseid', 'name'],
      ['number', 'caseid', 'name'],
    ],
    [
      ['@name', '@xmlns', '#type'],
      ['_name', '_xmlns', '_type'],
    ],
    [
      ['', 'a', ''],
      ['column_1', 'a', 'column_3'],
    ],
    [
      ['a', 'a', 'a'],
      ['a', 'a_2', 'a_3'],
    ],
    [
      ['a', 'a', 'a_2'],
      ['a', 'a_3', 'a_2'],
    ],
    [
      ['@name', '_name'],
      ['_name', '_name_2'],
    ],
    [
      ['  padded  ', 'indices.parent'],
      ['padded', 'indices.parent'],
    ],
  ])('%j → %j', (headers, expected) => {
    expect(normalizeHeaders(headers)).toEqual(expected);
    expect(new Set(normalizeHeaders(headers)).size).toBe(headers.length);
  });
});
