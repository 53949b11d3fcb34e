import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Destination } from '../../../src/destination/index.ts';
import type { RowBatch, SourceRow } from '../../../src/schema/types.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { at, columnsOf, open, query, textRows, typesOf } from './helpers.ts';

/** The column-array form of `writeBatch` (the feed path): the same table as object rows, no object per row. */
let db: TestDatabase;
let destination: Destination;
beforeAll(async () => {
  db = await createTestDatabase('row_batch');
  destination = open(db.url);
});
afterAll(async () => {
  await destination?.close();
  await db?.drop();
});

it('creates and updates a table from column arrays, with the key anywhere and a column missing from some rows', async () => {
  const writer = destination.writer('arrays', { keyColumn: 'caseid' });
  const first = await writer.writeBatch(
    {
      columns: ['n', 'caseid', 'day', 'note'],
      // row b has no `day` or `note` cell at all; row c's `note` is NULL
      rows: [
        ['1', 'a', '2021-05-20', 'x\ty'],
        ['2', 'b'],
        ['3', 'c', '', null],
      ],
    },
    { syncedAt: at('2024-01-01T00:00:00Z') },
  );
  expect(first).toMatchObject({ written: 3, skipped: 0, duplicates: 0, columnsDeferred: [] });
  expect(first.columnsAdded).toEqual(['caseid', 'n', 'day', 'note']);
  expect((await columnsOf(db.url, 'arrays')).map((c) => c.name)).toEqual([
    'caseid',
    'n',
    'day',
    'note',
    '_last_commcare_sync',
  ]);
  expect(await typesOf(db.url, 'arrays')).toMatchObject({ n: 'bigint', day: 'date', note: 'text' });

  // The update path: an extra column, a widened one, and a row that lacks the new column. Columns the batch
  // does not have keep their stored values.
  const second = await writer.writeBatch(
    {
      columns: ['caseid', 'n', 'extra'],
      rows: [
        ['a', '1.5', 'e'],
        ['c', '4'],
      ],
    },
    { syncedAt: at('2024-01-02T00:00:00Z') },
  );
  expect(second).toMatchObject({ written: 2, columnsAdded: ['extra'], columnsWidened: ['n'] });
  expect(await textRows(db.url, 'arrays', 'caseid')).toEqual([
    {
      caseid: 'a',
      n: '1.5',
      day: '2021-05-20',
      note: 'x\ty',
      _last_commcare_sync: '2024-01-02 00:00:00',
      extra: 'e',
    },
    { caseid: 'b', n: '2', day: null, note: null, _last_commcare_sync: '2024-01-01 00:00:00', extra: null },
    { caseid: 'c', n: '4', day: null, note: null, _last_commcare_sync: '2024-01-02 00:00:00', extra: null },
  ]);
});

it('skips and counts keyless rows, keeps the last row of a key, strips and counts NUL', async () => {
  const writer = destination.writer('keyless', { keyColumn: 'caseid' });
  const result = await writer.writeBatch(
    {
      columns: ['caseid', 'v'],
      rows: [
        ['a', 'first'],
        [null, 'lost'],
        ['', 'lost too'],
        ['b\u0000', 'nul\u0000value'],
        [],
        ['a', 'last'],
      ],
    },
    { syncedAt: at('2024-01-01T00:00:00Z') },
  );
  expect(result).toMatchObject({ written: 2, skipped: 3, duplicates: 1, strippedNul: 2 });
  expect(await query(db.url, 'SELECT caseid, v FROM keyless ORDER BY caseid')).toEqual([
    { caseid: 'a', v: 'last' },
    { caseid: 'b', v: 'nulvalue' },
  ]);

  // A batch without the key column at all writes nothing and counts every row as skipped.
  const none = await writer.writeBatch(
    { columns: ['v'], rows: [['x'], ['y']] },
    { syncedAt: at('2024-01-02T00:00:00Z') },
  );
  expect(none).toMatchObject({ written: 0, skipped: 2 });
});

it('hashes sensitive columns of a batch in place: no raw value in the table or left in the batch', async () => {
  const writer = destination.writer('protected', {
    keyColumn: 'caseid',
    sensitive: { fields: ['phone'], secret: 'hashing-secret' },
  });
  const raw = '+50253311399';
  const batch: RowBatch = {
    columns: ['caseid', 'phone', 'village'],
    rows: [['a', raw, 'Riverside'], ['b', null, 'Hilltop'], ['c']],
  };
  const seen = batch.rows.slice(); // the row arrays, to look at after the writer had them
  const result = await writer.writeBatch(batch, { syncedAt: at('2024-01-01T00:00:00Z') });
  expect(result).toMatchObject({ written: 3, columnsAdded: ['caseid', 'phone *sensitive*', 'village'] });
  expect(JSON.stringify(seen)).not.toContain(raw);
  expect(batch.rows).toEqual([]); // handed over and released once sent

  const columns = (await columnsOf(db.url, 'protected')).map((c) => c.name);
  expect(columns).toContain('phone *sensitive*');
  expect(columns).not.toContain('phone');
  expect(JSON.stringify(await query(db.url, 'SELECT p::text AS row FROM protected p'))).not.toContain(raw);
  const rows = await query<{ caseid: string; h: string | null }>(
    db.url,
    `SELECT caseid, "phone *sensitive*" AS h FROM protected ORDER BY caseid`,
  );
  expect(rows[0]?.h).toMatch(/^[0-9a-f]{15}$/);
  expect(rows.slice(1).map((r) => r.h)).toEqual([null, null]);
});

it('gives the same table from object rows and from the same rows as arrays', async () => {
  const objects: SourceRow[] = [
    { caseid: 'a', n: '7', when: '2021-05-20 12:28:05', flag: 'true' },
    { caseid: 'b', flag: 'False', code: '007' },
  ];
  const fromObjects = destination.writer('same_objects', { keyColumn: 'caseid' });
  const fromArrays = destination.writer('same_arrays', { keyColumn: 'caseid' });
  const syncedAt = at('2024-01-01T00:00:00Z');
  const a = await fromObjects.writeBatch(objects, { syncedAt });
  const b = await fromArrays.writeBatch(
    {
      columns: ['caseid', 'n', 'when', 'flag', 'code'],
      rows: [
        ['a', '7', '2021-05-20 12:28:05', 'true'],
        ['b', null, null, 'False', '007'],
      ],
    },
    { syncedAt },
  );
  expect(b).toEqual(a);
  expect(objects[1]).toEqual({ caseid: 'b', flag: 'False', code: '007' }); // object rows are not modified
  expect(await columnsOf(db.url, 'same_arrays')).toEqual(await columnsOf(db.url, 'same_objects'));
  expect(await textRows(db.url, 'same_arrays', 'caseid')).toEqual(
    await textRows(db.url, 'same_objects', 'caseid'),
  );
});

it('does not write a column that only dropped rows had (keyless or an earlier duplicate)', async () => {
  const writer = destination.writer('dropped_columns', { keyColumn: 'caseid' });
  await writer.writeBatch([{ caseid: 'a', kept: 'stored', other: 'stored' }], {
    syncedAt: at('2024-01-01T00:00:00Z'),
  });
  const result = await writer.writeBatch(
    [
      { caseid: null, kept: 'keyless' },
      { caseid: 'a', other: 'old', only_dup: 'x' },
      { caseid: 'a', other: 'new' },
    ],
    { syncedAt: at('2024-01-02T00:00:00Z') },
  );
  expect(result).toMatchObject({
    written: 1,
    skipped: 1,
    duplicates: 1,
    columnsDeferred: [],
    columnsAdded: [],
  });
  expect(await query(db.url, 'SELECT caseid, kept, other FROM dropped_columns')).toEqual([
    { caseid: 'a', kept: 'stored', other: 'new' },
  ]);
});
