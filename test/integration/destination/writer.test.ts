import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/destination/index.ts';
import { columnNameFor } from '../../../src/schema/naming.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { at, columnsOf, open, query, textRows, typesOf } from './helpers.ts';

let db: TestDatabase;
let destination: Destination;
beforeAll(async () => {
  db = await createTestDatabase('writer');
  destination = open(db.url);
});
afterAll(async () => {
  await destination?.close();
  await db?.drop();
});

describe('DDL paths', () => {
  it('creates a table with the narrowest types, the key as primary key, the stamp and comments', async () => {
    const writer = destination.writer('create_me', { keyColumn: 'caseid' });
    const result = await writer.writeBatch(
      [
        {
          caseid: 'a',
          n: '1',
          amount: '2.50',
          day: '2021-05-20',
          at: '2021-05-20 12:28:05',
          ok: 'True',
          code: '007',
        },
        {
          caseid: 'b',
          n: '2',
          amount: '3',
          day: '2021-05-21',
          at: '2021-05-20T12:28:05.796000Z',
          ok: 'false',
        },
      ],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    expect(result).toMatchObject({ written: 2, skipped: 0, columnsWidened: [] });
    expect(result.columnsAdded).toEqual(['caseid', 'n', 'amount', 'day', 'at', 'ok', 'code']);
    expect(await typesOf(db.url, 'create_me')).toEqual({
      caseid: 'text',
      n: 'bigint',
      amount: 'numeric',
      day: 'date',
      at: 'timestamp without time zone',
      ok: 'boolean',
      code: 'text',
      _last_commcare_sync: 'timestamp without time zone',
    });
    const [pk] = await query<{ column: string }>(
      db.url,
      `SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = 'create_me'::regclass AND i.indisprimary`,
    );
    expect(pk?.column).toBe('caseid');
    expect((await columnsOf(db.url, 'create_me')).find((c) => c.name === 'amount')?.comment).toBe('amount');
    expect(await textRows(db.url, 'create_me', 'caseid')).toEqual([
      {
        caseid: 'a',
        n: '1',
        amount: '2.50',
        day: '2021-05-20',
        at: '2021-05-20 12:28:05',
        ok: 'true',
        code: '007',
        _last_commcare_sync: '2024-01-01 00:00:00',
      },
      {
        caseid: 'b',
        n: '2',
        amount: '3',
        day: '2021-05-21',
        at: '2021-05-20 12:28:05.796',
        ok: 'false',
        code: null,
        _last_commcare_sync: '2024-01-01 00:00:00',
      },
    ]);
  });

  it('adds columns, defers all-NULL ones, and widens types in place without losing a value', async () => {
    const writer = destination.writer('evolve', { keyColumn: 'id' });
    await writer.writeBatch(
      [{ id: '1', count: '5', price: '1.5', day: '2021-01-01', flag: 'true', empty: null }],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    expect(await typesOf(db.url, 'evolve')).not.toHaveProperty('empty');
    const result = await writer.writeBatch(
      [
        {
          id: '2',
          count: '9223372036854775808',
          price: 'n/a',
          day: '2021-01-02 03:04:05',
          flag: 'yes',
          empty: '3',
          extra: 'x',
        },
      ],
      { syncedAt: at('2024-01-02T00:00:00Z') },
    );
    expect(result.columnsAdded.sort()).toEqual(['empty', 'extra']);
    expect(result.columnsWidened.sort()).toEqual(['count', 'day', 'flag', 'price']);
    expect(await typesOf(db.url, 'evolve')).toMatchObject({
      count: 'numeric',
      price: 'text',
      day: 'timestamp without time zone',
      flag: 'text',
      empty: 'bigint',
      extra: 'text',
    });
    const rows = await textRows(db.url, 'evolve', 'id');
    expect(rows.map(({ _last_commcare_sync, ...row }) => row)).toEqual([
      {
        id: '1',
        count: '5',
        price: '1.5',
        day: '2021-01-01 00:00:00',
        flag: 'true',
        empty: null,
        extra: null,
      },
      {
        id: '2',
        count: '9223372036854775808',
        price: 'n/a',
        day: '2021-01-02 03:04:05',
        flag: 'yes',
        empty: '3',
        extra: 'x',
      },
    ]);
  });

  it('widens the columns of a table another tool made (integer, varchar(n), double precision)', async () => {
    await query(
      db.url,
      `CREATE TABLE seed (caseid varchar PRIMARY KEY, visits integer, name varchar(5), score double precision,
        _last_commcare_sync timestamp)`,
    );
    await query(db.url, `INSERT INTO seed VALUES ('a', 7, 'Ana', 0.1, now())`);
    const writer = destination.writer('seed', { keyColumn: 'caseid' });
    const result = await writer.writeBatch(
      [{ caseid: 'b', visits: '3000000000', name: 'Bartholomew', score: '0.12345678901234567890' }],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    expect(result.columnsWidened.sort()).toEqual(['name', 'score', 'visits']);
    expect(await typesOf(db.url, 'seed')).toMatchObject({ visits: 'bigint', name: 'text', score: 'numeric' });
    const rows = await textRows(db.url, 'seed', 'caseid');
    expect(rows.map((r) => [r.visits, r.name, r.score])).toEqual([
      ['7', 'Ana', '0.1'],
      ['3000000000', 'Bartholomew', '0.12345678901234567890'],
    ]);
  });

  it('pins a column type with an override', async () => {
    const writer = destination.writer('pinned', { keyColumn: 'id', typeOverrides: { phone: 'text' } });
    await writer.writeBatch([{ id: '1', phone: '5551234' }], { syncedAt: at('2024-01-01T00:00:00Z') });
    expect((await typesOf(db.url, 'pinned')).phone).toBe('text');
  });

  it('keeps a long source name in a hashed column with the full name as comment, and finds it again', async () => {
    const long = `form.household.${'very_long_group.'.repeat(6)}question`;
    const writer = destination.writer('long_names', { keyColumn: 'id' });
    await writer.writeBatch([{ id: '1', [long]: 'x' }], { syncedAt: at('2024-01-01T00:00:00Z') });
    await writer.writeBatch([{ id: '2', [long]: 'y' }], { syncedAt: at('2024-01-01T00:00:00Z') });
    const column = (await columnsOf(db.url, 'long_names')).find((c) => c.comment === long);
    expect(column?.name).toBe(columnNameFor(long));
    expect((await textRows(db.url, 'long_names', 'id')).map((r) => r[column!.name])).toEqual(['x', 'y']);
  });

  it('writes into another schema when asked', async () => {
    const writer = destination.writer('in_schema', { keyColumn: 'id', schema: 'commcare data' });
    await writer.writeBatch([{ id: '1' }], { syncedAt: at('2024-01-01T00:00:00Z') });
    expect(await writer.countRows()).toBe(1);
    expect(await query(db.url, 'SELECT id FROM "commcare data".in_schema')).toEqual([{ id: '1' }]);
  });
});

describe('merge', () => {
  it('updates by key, keeps the last row of a key, skips rows without a key, stamps every row', async () => {
    const writer = destination.writer('merge_me', { keyColumn: 'caseid' });
    await writer.writeBatch(
      [
        { caseid: 'a', v: 'one' },
        { caseid: 'b', v: 'two' },
      ],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    const result = await writer.writeBatch(
      [
        { caseid: 'a', v: 'first' },
        { caseid: null, v: 'lost' },
        { caseid: '', v: 'lost too' },
        { caseid: 'a', v: 'last' },
        { caseid: 'c', v: 'three' },
      ],
      { syncedAt: at('2024-01-02T00:00:00Z') },
    );
    expect(result).toMatchObject({ written: 2, skipped: 2, duplicates: 1 });
    expect(await textRows(db.url, 'merge_me', 'caseid')).toEqual([
      { caseid: 'a', v: 'last', _last_commcare_sync: '2024-01-02 00:00:00' },
      { caseid: 'b', v: 'two', _last_commcare_sync: '2024-01-01 00:00:00' },
      { caseid: 'c', v: 'three', _last_commcare_sync: '2024-01-02 00:00:00' },
    ]);
  });

  it('with newer-wins, does not apply a row older than the stored one, but stamps it', async () => {
    const writer = destination.writer('newer', {
      keyColumn: 'caseid',
      newerWinsColumn: 'server_last_modified_date',
    });
    const t = 'server_last_modified_date';
    await writer.writeBatch(
      [
        { caseid: 'a', v: 'stored', [t]: '2024-05-01T00:00:00.000000Z' },
        { caseid: 'b', v: 'stored', [t]: '2024-05-01T00:00:00.000000Z' },
        { caseid: 'c', v: 'stored', [t]: null },
      ],
      { syncedAt: at('2024-06-01T00:00:00Z') },
    );
    const result = await writer.writeBatch(
      [
        { caseid: 'a', v: 'older', [t]: '2024-04-30T23:59:59.000000Z' },
        { caseid: 'b', v: 'newer', [t]: '2024-05-01T00:00:00.000001Z' },
        { caseid: 'c', v: 'dated', [t]: '2024-01-01T00:00:00.000000Z' },
        { caseid: 'd', v: 'new', [t]: '2024-01-01T00:00:00.000000Z' },
      ],
      { syncedAt: at('2024-06-02T00:00:00Z') },
    );
    expect(result).toMatchObject({ written: 3, skipped: 1 });
    const rows = await textRows(db.url, 'newer', 'caseid');
    expect(rows.map((r) => `${r.caseid}:${r.v}`)).toEqual(['a:stored', 'b:newer', 'c:dated', 'd:new']);
    expect(rows[0]?.[t]).toBe('2024-05-01 00:00:00'); // the stored, newer version is kept whole…
    // …but every row the batch carried is stamped: the case was seen, so a stale sweep must keep it.
    expect(rows.map((r) => r._last_commcare_sync)).toEqual(Array(4).fill('2024-06-02 00:00:00'));
    expect(await writer.sweep(at('2024-06-02T00:00:00Z'))).toBe(0);
  });

  it('sweeps rows not written since a time and counts rows', async () => {
    const writer = destination.writer('sweep_me', { keyColumn: 'id' });
    await writer.writeBatch([{ id: '1' }, { id: '2' }, { id: '3' }], {
      syncedAt: at('2024-01-01T00:00:00Z'),
    });
    await writer.writeBatch([{ id: '2' }], { syncedAt: at('2024-01-02T00:00:00Z') });
    expect(await writer.sweep(at('2024-01-02T00:00:00Z'))).toBe(2);
    expect(await writer.countRows()).toBe(1);
    expect(
      await destination.writer('no_such_table', { keyColumn: 'id' }).sweep(at('2024-01-01T00:00:00Z')),
    ).toBe(0);
    expect(await destination.writer('no_such_table', { keyColumn: 'id' }).countRows()).toBe(0);
  });

  it('commits a batch together with the caller’s own work, and rolls both back on failure', async () => {
    await query(db.url, 'CREATE TABLE checkpoint (source text PRIMARY KEY, position text)');
    const writer = destination.writer('tx_cases', { keyColumn: 'id' });
    await destination.withTransaction(async (tx) => {
      await writer.writeBatch([{ id: '1', v: 'a' }], { syncedAt: at('2024-01-01T00:00:00Z'), tx });
      await writer.writeBatch([{ id: '2', v: 'b', w: '5' }], { syncedAt: at('2024-01-01T00:00:00Z'), tx });
      await tx.query(`INSERT INTO checkpoint VALUES ('s', 'page-1')`);
    });
    await expect(
      destination.withTransaction(async (tx) => {
        await writer.writeBatch([{ id: '3', v: 'c', x: '1' }], { syncedAt: at('2024-01-02T00:00:00Z'), tx });
        await tx.query(`UPDATE checkpoint SET position = 'page-2'`);
        throw new Error('the page failed after the write');
      }),
    ).rejects.toThrow(/page failed/);
    expect(await writer.countRows()).toBe(2);
    expect(await query(db.url, 'SELECT position FROM checkpoint')).toEqual([{ position: 'page-1' }]);
    expect(await typesOf(db.url, 'tx_cases')).not.toHaveProperty('x'); // the DDL rolled back too
  });

  it('reports a database failure as an AppError without the offending value', async () => {
    await query(db.url, 'CREATE TABLE no_key (id text, v text, _last_commcare_sync timestamp)');
    const writer = destination.writer('no_key', { keyColumn: 'id' });
    const failure = writer.writeBatch([{ id: 'secret-id-123', v: 'x' }], {
      syncedAt: at('2024-01-01T00:00:00Z'),
    });
    await expect(failure).rejects.toMatchObject({ code: 'database', details: { sqlState: '42P10' } });
    await failure.catch((error: Error) => expect(error.message).not.toContain('secret-id-123'));
  });
});
