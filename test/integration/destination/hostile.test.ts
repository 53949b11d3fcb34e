import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/destination/index.ts';
import { columnNameFor } from '../../../src/schema/naming.ts';
import type { SourceRow } from '../../../src/schema/types.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { at, columnsOf, open, query, textRows } from './helpers.ts';

let db: TestDatabase;
let destination: Destination;
beforeAll(async () => {
  db = await createTestDatabase('hostile');
  destination = open(db.url);
});
afterAll(async () => {
  await destination?.close();
  await db?.drop();
});

const HOSTILE_NAMES = [
  'a"b',
  '"; DROP TABLE victims; --',
  "it's",
  'semi;colon',
  '-- comment',
  'dotted.name.here',
  'with space',
  'ÜnïcödÉ ✓ 名前',
  'select',
  'ORDER',
  'user',
  'x'.repeat(200),
  'é'.repeat(100),
  'back\\slash',
  'tab\there',
  '$1',
  '%s%n',
  'Caseid', // differs from the key only by case
];

const HOSTILE_VALUES = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash \\N \\. \\t',
  '\\N',
  '\\.',
  'quote \' and "double"',
  '; DROP TABLE victims; --',
  '',
  ' ',
  '😀 emoji',
  'end with backslash\\',
];

describe('hostile corpus', () => {
  it('stores hostile column names as separate columns, verbatim or hashed, with full-name comments', async () => {
    await query(db.url, 'CREATE TABLE victims (id int)');
    const row: SourceRow = { caseid: 'k1' };
    HOSTILE_NAMES.forEach((name, i) => {
      row[name] = `value ${i}`;
    });
    const writer = destination.writer('hostile names; --', { keyColumn: 'caseid' });
    const result = await writer.writeBatch([row], { syncedAt: at('2024-01-01T00:00:00Z') });
    expect(result.written).toBe(1);
    const columns = await columnsOf(db.url, 'hostile names; --');
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const column = columns.find((c) => c.name === columnNameFor(name));
      expect(column, name).toBeDefined();
      expect(column?.comment).toBe(name);
      const [stored] = await query<{ v: string }>(
        db.url,
        `SELECT ${quote(column!.name)} AS v FROM "hostile names; --"`,
      );
      expect(stored?.v).toBe(`value ${i}`);
    }
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM victims')).toEqual([{ n: 0 }]);
  });

  it('round-trips values with tabs, newlines, backslashes and quotes exactly', async () => {
    const writer = destination.writer('hostile_values', { keyColumn: 'id' });
    const rows = HOSTILE_VALUES.map((v, i) => ({ id: `k\t${i}\n`, v }));
    await writer.writeBatch(rows, { syncedAt: at('2024-01-01T00:00:00Z') });
    await writer.writeBatch(rows, { syncedAt: at('2024-01-02T00:00:00Z') }); // and through the update path
    const stored = await query<{ id: string; v: string }>(db.url, 'SELECT id, v FROM hostile_values');
    const byId = new Map(stored.map((r) => [r.id, r.v]));
    expect(stored).toHaveLength(HOSTILE_VALUES.length);
    for (const row of rows) expect(byId.get(row.id)).toBe(row.v);
  });

  it('strips NUL characters (PostgreSQL text cannot hold them) and counts them', async () => {
    const writer = destination.writer('nul_values', { keyColumn: 'id' });
    const result = await writer.writeBatch(
      [
        { id: 'a\u0000', v: 'x\u0000y', w: '\u0000' },
        { id: 'b', v: 'clean', w: 'n\u0000\u0000' },
      ],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    expect(result.strippedNul).toBe(4);
    expect((await textRows(db.url, 'nul_values', 'id')).map((r) => [r.id, r.v, r.w])).toEqual([
      ['a', 'xy', ''],
      ['b', 'clean', 'n'],
    ]);
  });

  it('writes 1 MB values', async () => {
    const big = 'ab\t\\\n'.repeat(200_000) + 'é'.repeat(10);
    const writer = destination.writer('big_values', { keyColumn: 'id' });
    await writer.writeBatch(
      [
        { id: '1', v: big },
        { id: '2', v: 'small' },
      ],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    const [row] = await query<{ v: string }>(db.url, `SELECT v FROM big_values WHERE id = '1'`);
    expect(row?.v.length).toBe(big.length);
    expect(row?.v === big).toBe(true);
  });
});

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
