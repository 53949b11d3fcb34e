import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/log.ts';
import { openDestination } from '../../../src/destination/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { at, columnsOf, query } from './helpers.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('sensitive');
});
afterAll(async () => db?.drop());

const RAW = ['+50253311399', 'Elizabeth Harmon', '13/43/DFA-secret'];

it('no raw sensitive value reaches the table or the logs', async () => {
  let logged = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const log = createLogger('trace', { destination: sink });
  const destination = openDestination(db.url, { log });
  const writer = destination.writer('patients', {
    keyColumn: 'caseid',
    sensitive: { fields: ['phone', 'case_name', 'chw_id'], secret: 'hashing-secret' },
  });
  try {
    await writer.writeBatch(
      [
        { caseid: 'a', phone: RAW[0]!, case_name: RAW[1]!, chw_id: RAW[2]!, village: 'Riverside' },
        { caseid: 'b', phone: null, case_name: 'Second Person', chw_id: '', village: 'Hilltop' },
      ],
      { syncedAt: at('2024-01-01T00:00:00Z') },
    );
    // A failing batch (a pinned type that does not fit) must not leak the value either.
    const pinned = destination.writer('patients', {
      keyColumn: 'caseid',
      typeOverrides: { 'phone *sensitive*': 'bigint' },
      sensitive: { fields: ['phone'], secret: 'hashing-secret' },
    });
    await expect(
      pinned.writeBatch([{ caseid: 'c', phone: RAW[0]! }], { syncedAt: at('2024-01-02T00:00:00Z') }),
    ).rejects.toMatchObject({ code: 'validation' });
    log.info({ stage: 'end' }, 'test finished');
  } finally {
    await destination.close();
  }

  const columns = (await columnsOf(db.url, 'patients')).map((c) => c.name);
  expect(columns).toEqual(
    expect.arrayContaining(['phone *sensitive*', 'case_name *sensitive*', 'chw_id *sensitive*', 'village']),
  );
  expect(columns).not.toContain('phone');
  expect(columns).not.toContain('case_name');
  const dump = JSON.stringify(await query(db.url, 'SELECT p::text AS row FROM patients p'));
  for (const raw of [...RAW, 'Second Person']) {
    expect(dump).not.toContain(raw);
    expect(logged).not.toContain(raw);
  }
  const [a] = await query<{ h: string }>(
    db.url,
    `SELECT "phone *sensitive*" AS h FROM patients WHERE caseid = 'a'`,
  );
  expect(a?.h).toMatch(/^[0-9a-f]{15}$/);
  expect(logged).toContain('test finished'); // the capture works
});
