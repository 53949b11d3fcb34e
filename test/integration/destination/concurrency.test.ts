import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Destination } from '../../../src/destination/index.ts';
import type { SourceRow } from '../../../src/schema/types.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { at, open, textRows, typesOf } from './helpers.ts';

// Two destinations = two pools = two independent writers, as two worker processes would be.
let db: TestDatabase;
let first: Destination;
let second: Destination;
beforeAll(async () => {
  db = await createTestDatabase('concurrency');
  first = open(db.url);
  second = open(db.url);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await db?.drop();
});

const rowsOf = (prefix: string, count: number, extra: (i: number) => SourceRow): SourceRow[] =>
  Array.from({ length: count }, (_, i) => ({ caseid: `${prefix}-${i}`, ...extra(i) }));

it('two writers creating and evolving one table at once both succeed and lose no column', async () => {
  for (let round = 0; round < 8; round += 1) {
    const table = `shared_${round}`;
    const a = first.writer(table, { keyColumn: 'caseid' });
    const b = second.writer(table, { keyColumn: 'caseid' });
    // Both start from no table; each adds its own columns; both touch `shared`, one of them widening it.
    const results = await Promise.all([
      a.writeBatch(
        rowsOf('a', 200, (i) => ({ shared: String(i), only_a: 'x', [`a_${round}`]: '1' })),
        { syncedAt: at('2024-01-01T00:00:00Z') },
      ),
      b.writeBatch(
        rowsOf('b', 200, (i) => ({ shared: `text ${i}`, only_b: '2021-01-01', [`b_${round}`]: 'true' })),
        { syncedAt: at('2024-01-01T00:00:00Z') },
      ),
    ]);
    expect(results.map((r) => r.written)).toEqual([200, 200]);
    // Then both add more columns to the now existing table at the same time.
    await Promise.all([
      a.writeBatch(
        rowsOf('a', 50, () => ({ later_a: '1.5', shared: '7' })),
        { syncedAt: at('2024-01-02T00:00:00Z') },
      ),
      b.writeBatch(
        rowsOf('b', 50, () => ({ later_b: 'y', shared: '2024-01-01' })),
        {
          syncedAt: at('2024-01-02T00:00:00Z'),
        },
      ),
    ]);
    const types = await typesOf(db.url, table);
    expect(Object.keys(types).sort()).toEqual(
      [
        '_last_commcare_sync',
        `a_${round}`,
        `b_${round}`,
        'caseid',
        'later_a',
        'later_b',
        'only_a',
        'only_b',
        'shared',
      ].sort(),
    );
    expect(types.shared).toBe('text');
    expect(types.only_b).toBe('date');
    const rows = await textRows(db.url, table, 'caseid');
    expect(rows).toHaveLength(400);
    expect(rows.find((r) => r.caseid === 'a-3')).toMatchObject({ shared: '7', only_a: 'x', later_a: '1.5' });
    expect(rows.find((r) => r.caseid === 'b-3')).toMatchObject({
      shared: '2024-01-01',
      only_b: '2021-01-01',
    });
    expect(rows.find((r) => r.caseid === 'b-150')).toMatchObject({ shared: 'text 150' });
  }
});
