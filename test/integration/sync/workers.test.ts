import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/core/log.ts';
import { createAppPool } from '../../../src/db/pool.ts';
import { createRepositories } from '../../../src/db/repositories/index.ts';
import { SYNC_SOURCE_TASK } from '../../../src/jobs/queue.ts';
import { startWorker, type WorkerHandle } from '../../../src/jobs/worker.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';

let env: SyncEnv;
beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: 100 } });
});
afterAll(async () => env?.close());

it('two workers started together never run one source twice at once, and both finish the queue', async () => {
  const source = await env.addSource({
    name: 'patients',
    tableName: 'patient',
    exportUrl: env.sim.feedUrl('patient'),
  });
  // Each feed request takes a while, so overlapping runs would be caught in the act.
  env.sim.controls.setFault({ kind: 'latency', path: '/dailysaved/', latencyMs: 400, times: -1 });

  // Two "processes": separate pools on the same app database, each with its own worker.
  const secondDb = createAppPool(env.app.url, silentLogger());
  const workers: WorkerHandle[] = await Promise.all([
    startWorker(env.deps, { syncCron: '0 0 * * *', concurrency: 2 }),
    startWorker(
      { ...env.deps, db: secondDb, repos: createRepositories(secondDb, env.app.box) },
      { syncCron: '0 0 * * *', concurrency: 2 },
    ),
  ]);
  try {
    // Four jobs for the same source without a job key, so nothing de-duplicates them before they run.
    for (let i = 0; i < 4; i += 1) {
      await env.app.db.query('SELECT graphile_worker.add_job($1, $2::json)', [
        SYNC_SOURCE_TASK,
        JSON.stringify({ sourceId: source.id, trigger: 'manual' }),
      ]);
    }
    await vi.waitFor(
      async () => {
        const runs = await env.app.repos.syncRuns.list(source.id);
        expect(runs.filter((run) => run.status === 'succeeded')).toHaveLength(4);
      },
      { timeout: 90_000, interval: 250 },
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await secondDb.end();
    env.sim.controls.clearFaults();
  }
  const runs = (await env.app.repos.syncRuns.list(source.id)).sort(
    (a, b) => a.startedAt.getTime() - b.startedAt.getTime(),
  );
  for (let i = 1; i < runs.length; i += 1) {
    expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
  }
  const { rows } = await env.app.db.query('SELECT count(*)::int AS n FROM graphile_worker.jobs');
  expect(rows[0].n).toBe(0);
});

it('sync_all enqueues every scheduled source without its own cron, and only those', async () => {
  const make = (name: string, extra: Record<string, unknown>) =>
    env.addSource({
      name,
      tableName: name,
      exportUrl: env.sim.feedUrl('household'),
      ...extra,
    });
  const daily = await make('daily', { scheduled: true });
  const ownCron = await make('own_cron', { scheduled: true, cron: '15 3 * * *' });
  const manual = await make('manual_only', {});
  const worker = await startWorker(env.deps, { syncCron: '0 0 * * *', concurrency: 1 });
  try {
    await env.app.db.query("SELECT graphile_worker.add_job('sync_all', '{}'::json)");
    await vi.waitFor(
      async () => expect((await env.app.repos.syncRuns.list(daily.id))[0]?.status).toBe('succeeded'),
      { timeout: 30_000, interval: 200 },
    );
    // sync_due at 03:15 UTC picks the source with its own cron.
    await env.app.db.query(
      `SELECT graphile_worker.add_job('sync_due', '{"_cron": {"ts": "2026-12-05T03:15:00Z", "backfilled": false}}'::json)`,
    );
    await vi.waitFor(
      async () => expect((await env.app.repos.syncRuns.list(ownCron.id))[0]?.status).toBe('succeeded'),
      { timeout: 30_000, interval: 200 },
    );
  } finally {
    await worker.stop();
  }
  expect((await env.app.repos.syncRuns.list(daily.id))[0]?.trigger).toBe('schedule');
  expect(await env.app.repos.syncRuns.list(ownCron.id)).toHaveLength(1);
  expect(await env.app.repos.syncRuns.list(manual.id)).toHaveLength(0);
});
