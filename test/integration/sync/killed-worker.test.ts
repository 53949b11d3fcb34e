import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { FEED_BATCH_ROWS } from '../../../src/sync/feed-sync.ts';
import { syncSource } from '../../../src/sync/sync-source.ts';
import { TEST_SECRET_KEY } from '../../helpers/app-db.ts';
import { BIN } from '../../helpers/cli.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';

let env: SyncEnv;
// Enough rows that the child is still writing when we kill it.
const CASES = 160_000;
const PATIENTS = CASES * 0.75;

beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: CASES } });
});
afterAll(async () => env?.close());

it('a worker killed mid-sync leaves the table consistent and the next run completes', async () => {
  const source = await env.addSource({
    name: 'patients',
    tableName: 'patient',
    exportUrl: env.sim.feedUrl('patient'),
  });
  const child = spawn(process.execPath, [BIN, 'sync', source.id], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.app.url,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Wait until at least one batch is committed, then kill without warning.
  await vi.waitFor(
    async () => {
      const [run] = await env.app.repos.syncRuns.list(source.id);
      expect(run?.rowsWritten ?? 0).toBeGreaterThan(0);
    },
    { timeout: 60_000, interval: 20 },
  );
  child.kill('SIGKILL');
  await exited;

  const [abandoned] = await env.app.repos.syncRuns.list(source.id);
  expect(abandoned?.status).toBe('running');
  const { rows } = await env.warehouseQuery(
    'SELECT count(*)::int AS n, count(DISTINCT caseid)::int AS d FROM patient',
  );
  // Batches are atomic: whole batches, never a partial one, no duplicate keys.
  expect(rows[0].n % FEED_BATCH_ROWS).toBe(0);
  expect(rows[0].n).toBeLessThan(PATIENTS);
  expect(rows[0].d).toBe(rows[0].n);

  const next = await syncSource(env.deps, source.id, { trigger: 'cli' });
  expect(next).toMatchObject({ status: 'succeeded', rowsRead: PATIENTS, rowsWritten: PATIENTS });
  const after = await env.warehouseQuery('SELECT count(*)::int AS n FROM patient');
  expect(after.rows[0].n).toBe(PATIENTS);
  const history = await env.app.repos.syncRuns.list(source.id);
  expect(history.find((run) => run.id === abandoned!.id)).toMatchObject({
    status: 'failed',
    error: expect.stringContaining('stopped before it finished'),
  });
});
