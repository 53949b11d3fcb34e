import { describe, expect, it } from 'vitest';
import { createBatchProtector, hashSensitiveValue } from '../../../src/schema/hashing.ts';
import { profileBatchRows, profileRows } from '../../../src/schema/profile.ts';
import { columnsPresent, isRowBatch, rowBatchOf, sourceOrderOf } from '../../../src/schema/row-batch.ts';
import type { RowBatch, SourceRow } from '../../../src/schema/types.ts';

const SECRET = 'destination-hashing-secret';

describe('RowBatch', () => {
  it('converts object rows once: the union of names in first-seen order, absent cells left out', () => {
    const rows: SourceRow[] = [
      { caseid: 'a', x: '1' },
      { caseid: 'b', y: null },
      { z: 'z', caseid: 'c', x: '3' },
    ];
    const batch = rowBatchOf(rows);
    expect(batch.columns).toEqual(['caseid', 'x', 'y', 'z']);
    expect(batch.rows[0]).toEqual(['a', '1']);
    expect(batch.rows[1]).toEqual(['b', undefined, null]);
    expect(batch.rows[2]).toEqual(['c', '3', undefined, 'z']);
    expect(rows[0]).toEqual({ caseid: 'a', x: '1' }); // the caller's objects are untouched
  });

  it('tells the two input forms apart', () => {
    expect(isRowBatch({ columns: [], rows: [] })).toBe(true);
    expect(isRowBatch([{ caseid: 'a' }])).toBe(false);
  });

  it('orders sources key first, drops the sync stamp, and finds no key column as -1', () => {
    expect(sourceOrderOf('caseid', ['name', '_last_commcare_sync', 'caseid', 'age'])).toEqual({
      sources: ['caseid', 'name', 'age'],
      indexes: [2, 0, 3],
    });
    expect(sourceOrderOf('caseid', ['name'])).toEqual({ sources: ['caseid', 'name'], indexes: [-1, 0] });
  });

  it('writes a repeated name once: the later column, unless the earlier one holds digests', () => {
    expect(sourceOrderOf('k', ['k', 'a', 'a']).indexes).toEqual([0, 2]);
    expect(sourceOrderOf('k', ['k', 'a', 'a'], new Set([1])).indexes).toEqual([0, 1]);
  });

  it('finds the columns some row has (NULL is there, a missing cell is not) and leaves the others out', () => {
    const rows = [['a', undefined, null], ['b']];
    expect(columnsPresent(4, rows)).toEqual([true, false, true, false]);
    expect(sourceOrderOf('k', ['k', 'x', 'y', 'z'], new Set(), [true, false, true, false])).toEqual({
      sources: ['k', 'y'],
      indexes: [0, 2],
    });
  });

  it('hashes sensitive columns in place and renames them, leaving NULL and absent cells alone', () => {
    const batch: RowBatch = {
      columns: ['caseid', 'Phone', 'village'],
      rows: [['a', '+50253311399', 'Riverside'], ['b', null, 'Hilltop'], ['c']],
    };
    const { batch: out, hashed } = createBatchProtector({ fields: ['phone'], secret: SECRET })(batch);
    expect(out.columns).toEqual(['caseid', 'Phone *sensitive*', 'village']);
    expect([...hashed]).toEqual([1]);
    expect(out.rows).toBe(batch.rows); // no copy of the batch: the raw value is gone from the only one
    expect(batch.rows[0]).toEqual(['a', hashSensitiveValue('+50253311399', { secret: SECRET }), 'Riverside']);
    expect(batch.rows[1]).toEqual(['b', null, 'Hilltop']);
    expect(batch.rows[2]).toEqual(['c']);
    expect(JSON.stringify(batch)).not.toContain('+50253311399');
  });

  it('refuses HMAC without a secret before touching a value', () => {
    expect(() => createBatchProtector({ fields: ['phone'] })).toThrow(/hashing secret/);
  });

  it('profiles row arrays as it profiles the same rows as objects', () => {
    const objects: SourceRow[] = [
      { caseid: 'a', n: '1', d: '2021-05-20' },
      { caseid: 'b', d: '' },
      { caseid: 'c', n: '2.5', d: 'soon' },
    ];
    const batch = rowBatchOf(objects);
    const { sources, indexes } = sourceOrderOf('caseid', batch.columns);
    expect(profileBatchRows([...sources, 'none'], [...indexes, -1], batch.rows)).toEqual(
      profileRows([...sources, 'none'], objects),
    );
  });
});
