import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/core/log.ts';
import { createAppPool } from '../../../src/db/pool.ts';
import { acquireSourceLock } from '../../../src/db/source-lock.ts';
import { type AppTestDatabase, createAppTestDatabase } from '../../helpers/app-db.ts';

let app: AppTestDatabase;
beforeAll(async () => {
  app = await createAppTestDatabase();
});
afterAll(async () => app?.close());

it('lets one holder sync a source at a time, across connections, and frees it on release', async () => {
  const otherProcess = createAppPool(app.url, silentLogger());
  try {
    const first = await acquireSourceLock(app.db, 'source-a');
    await expect(acquireSourceLock(otherProcess, 'source-a')).rejects.toMatchObject({
      code: 'conflict',
      retryable: true,
      message: expect.stringContaining('already being synced'),
    });
    // another source is independent
    const unrelated = await acquireSourceLock(otherProcess, 'source-b');
    await unrelated.release();
    await first.release();
    const second = await acquireSourceLock(otherProcess, 'source-a');
    await second.release();
  } finally {
    await otherProcess.end();
  }
});

it('is freed when the holding connection dies (a killed worker never blocks the next run)', async () => {
  const doomed = createAppPool(app.url, silentLogger());
  const held = await acquireSourceLock(doomed, 'source-c');
  await expect(acquireSourceLock(app.db, 'source-c')).rejects.toMatchObject({ code: 'conflict' });
  await app.db.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'",
  );
  await vi.waitFor(() => expect(held.lost.aborted).toBe(true));
  expect(held.lost.reason).toMatchObject({ code: 'database', retryable: true });
  await held.release(); // returns the broken client without throwing
  await doomed.end();
  const lock = await acquireSourceLock(app.db, 'source-c');
  await lock.release();
});
