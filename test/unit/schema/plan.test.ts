import { describe, expect, it } from 'vitest';
import { columnNameFor } from '../../../src/schema/naming.ts';
import { type ExistingTable, planTable } from '../../../src/schema/plan.ts';
import type { SourceRow } from '../../../src/schema/types.ts';

const table = (columns: [string, string, string?][]): ExistingTable => ({
  columns: columns.map(([name, type, comment]) => ({ name, type, comment: comment ?? null })),
});

describe('planTable', () => {
  it('creates a new table with the narrowest types, key first, stamp last, and comments', () => {
    const rows: SourceRow[] = [
      { n: '1', caseid: 'a', when: '2021-01-01', ok: 'true', blank: null, code: '007' },
      { n: '2.5', caseid: 'b', when: '2021-01-01T10:00:00Z', ok: 'False', blank: '', code: '12' },
    ];
    const plan = planTable({ keyColumn: 'caseid', rows, existing: null });
    expect(plan.steps[0]).toEqual({
      kind: 'create_table',
      primaryKey: 'caseid',
      columns: [
        { name: 'caseid', type: 'text' },
        { name: 'n', type: 'numeric' },
        { name: 'when', type: 'timestamp' },
        { name: 'ok', type: 'boolean' },
        { name: 'code', type: 'text' },
        { name: '_last_commcare_sync', type: 'timestamp' },
      ],
    });
    expect(plan.steps.filter((s) => s.kind === 'comment_column')).toHaveLength(5);
    expect(plan.deferred).toEqual(['blank']);
    expect(plan.columns.map((c) => c.source)).toEqual(['caseid', 'n', 'when', 'ok', 'code']);
  });

  it('names long columns with the hash form and comments them with the full name', () => {
    const long = 'a'.repeat(80);
    const plan = planTable({ keyColumn: 'k', rows: [{ k: '1', [long]: 'x' }], existing: null });
    expect(plan.steps).toContainEqual({ kind: 'comment_column', column: columnNameFor(long), comment: long });
  });

  it('finds an existing long column through its comment and changes nothing', () => {
    const long = 'b'.repeat(80);
    const existing = table([
      ['k', 'text'],
      [columnNameFor(long), 'text', long],
      ['_last_commcare_sync', 'timestamp without time zone'],
    ]);
    const plan = planTable({ keyColumn: 'k', rows: [{ k: '1', [long]: 'x' }], existing });
    expect(plan.steps).toEqual([]);
    expect(plan.columns[1]).toEqual({ source: long, physical: columnNameFor(long), type: 'text' });
  });

  it.each([
    ['bigint', ['5'], null],
    ['bigint', ['5.5'], 'numeric'],
    ['bigint', ['99999999999999999999'], 'numeric'],
    ['bigint', ['007'], 'text'],
    ['numeric', ['5'], null],
    ['date', ['2021-01-01 10:00:00'], 'timestamp'],
    ['timestamp without time zone', ['2021-01-01'], null],
    ['boolean', ['x'], 'text'],
    ['text', ['5'], null],
    ['integer', ['5'], null],
    ['integer', ['3000000000'], 'bigint'],
    ['smallint', ['5.5'], 'numeric'],
    ['double precision', ['1.5'], null],
    ['double precision', ['1.23456789012345678'], 'numeric'],
    ['character varying(3)', ['abc'], null],
    ['character varying(3)', ['abcd'], 'text'],
    ['character varying', ['anything at all'], null],
    ['timestamp with time zone', ['2021-01-01T00:00:00Z'], null],
    ['uuid', ['not-a-uuid'], null], // not ours: left to PostgreSQL
  ])('an existing %s column with %j is widened to %s', (type, values, widenedTo) => {
    const existing = table([
      ['k', 'text'],
      ['v', type],
      ['_last_commcare_sync', 'timestamp without time zone'],
    ]);
    const plan = planTable({ keyColumn: 'k', rows: values.map((v, i) => ({ k: String(i), v })), existing });
    const widen = plan.steps.filter((s) => s.kind === 'widen_column');
    if (widenedTo === null) expect(widen).toEqual([]);
    else expect(widen).toEqual([expect.objectContaining({ column: 'v', from: type, to: widenedTo })]);
  });

  it('widens float columns through text so no digit is lost', () => {
    const existing = table([
      ['k', 'text'],
      ['v', 'double precision'],
      ['_last_commcare_sync', 'timestamp'],
    ]);
    const plan = planTable({ keyColumn: 'k', rows: [{ k: '1', v: 'x' }], existing });
    expect(plan.steps).toContainEqual(
      expect.objectContaining({ kind: 'widen_column', to: 'text', viaText: true }),
    );
  });

  it('adds new columns and a missing stamp column to an existing table', () => {
    const existing = table([['caseid', 'character varying']]);
    const plan = planTable({ keyColumn: 'caseid', rows: [{ caseid: 'a', age: '3' }], existing });
    expect(plan.steps).toEqual([
      { kind: 'add_column', column: 'age', type: 'bigint' },
      { kind: 'add_column', column: '_last_commcare_sync', type: 'timestamp' },
      { kind: 'comment_column', column: 'age', comment: 'age' },
    ]);
  });

  it('pins a type with an override, widening an existing column to it but never narrowing', () => {
    const existing = table([
      ['k', 'text'],
      ['code', 'bigint'],
      ['name', 'text'],
      ['_last_commcare_sync', 'timestamp'],
    ]);
    const plan = planTable({
      keyColumn: 'k',
      rows: [{ k: '1', code: '12', name: '5', fresh: '7' }],
      existing,
      typeOverrides: { code: 'text', name: 'numeric', fresh: 'text' },
    });
    expect(plan.steps).toContainEqual(
      expect.objectContaining({ kind: 'widen_column', column: 'code', to: 'text' }),
    );
    expect(plan.steps).not.toContainEqual(expect.objectContaining({ column: 'name', kind: 'widen_column' }));
    expect(plan.steps).toContainEqual({ kind: 'add_column', column: 'fresh', type: 'text' });
  });

  it('fails a batch whose values do not fit a pinned type, naming the column but not the value', () => {
    expect(() =>
      planTable({
        keyColumn: 'k',
        rows: [{ k: '1', n: 'secret-value' }],
        existing: null,
        typeOverrides: { n: 'bigint' },
      }),
    ).toThrow(/Column "n" is pinned to bigint/);
    try {
      planTable({
        keyColumn: 'k',
        rows: [{ k: '1', n: 'secret-value' }],
        existing: null,
        typeOverrides: { n: 'bigint' },
      });
    } catch (error) {
      expect(String(error)).not.toContain('secret-value');
    }
  });

  it('never plans the stamp column from a row and requires the key in a new table', () => {
    const plan = planTable({ keyColumn: 'k', rows: [{ k: '1', _last_commcare_sync: 'x' }], existing: null });
    expect(plan.columns.map((c) => c.source)).toEqual(['k']);
    expect(() => planTable({ keyColumn: 'k', rows: [{ other: '1' }], existing: null })).toThrow(/key column/);
  });
});
