import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Source } from '../../../src/db/repositories/sources.ts';
import { syncSource } from '../../../src/sync/sync-source.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';
import { startTcpProxy, viaProxy } from '../../helpers/tcp-proxy.ts';

let env: SyncEnv;
let source: Source;

beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: 400 } });
  source = await env.addSource({
    name: 'patients feed',
    tableName: 'patient',
    exportUrl: env.sim.feedUrl('patient'),
    caseType: 'patient',
    sensitiveFields: ['phone_number'],
  });
});
afterAll(async () => env?.close());
beforeEach(() => env.sim.controls.clearFaults());

// A quarter of the simulator's cases are households, the rest patients.
const PATIENTS = 300;
const count = async () => Number((await env.warehouseQuery('SELECT count(*) AS n FROM patient')).rows[0].n);

describe('feed source', () => {
  it('streams the whole feed into a typed table and records a succeeded run', async () => {
    const run = await syncSource(env.deps, source.id, { trigger: 'cli' });
    expect(run).toMatchObject({
      status: 'succeeded',
      kind: 'feed',
      rowsRead: PATIENTS,
      rowsWritten: PATIENTS,
    });
    expect(await count()).toBe(PATIENTS);
    const columns = await env.warehouseQuery(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'patient'",
    );
    const types = Object.fromEntries(columns.rows.map((row) => [row.column_name, row.data_type]));
    expect(types.caseid).toBe('text');
    expect(types.closed).toBe('boolean');
    expect(types.last_modified_date).toBe('timestamp without time zone');
    expect(types['phone_number *sensitive*']).toBe('text');
    expect(types.phone_number).toBeUndefined(); // the raw field never reaches the table
    expect(types._last_commcare_sync).toBeDefined();
    const [stored] = (await env.app.repos.syncRuns.list(source.id)).slice(0, 1);
    expect(stored).toMatchObject({ id: run.id, status: 'succeeded', phase: 'done', trigger: 'cli' });
  });

  it('deletes rows not in the feed after a complete page, and nothing when the page is cut', async () => {
    await env.warehouseQuery(
      "INSERT INTO patient (caseid, _last_commcare_sync) VALUES ('gone-1', now() - interval '1 day'), ('gone-2', now() - interval '1 day')",
    );
    // A connection cut mid-body fails the run and deletes nothing.
    env.sim.controls.setFault({ kind: 'cut', path: '/dailysaved/', afterBytes: 20_000 });
    await expect(syncSource(env.deps, source.id, { trigger: 'cli' })).rejects.toMatchObject({
      retryable: true,
    });
    expect(await count()).toBe(PATIENTS + 2);
    // A page that simply stops (no </table></html>) is a truncated page: same.
    env.sim.controls.setFault({ kind: 'truncate', path: '/dailysaved/', afterBytes: 20_000 });
    await expect(syncSource(env.deps, source.id, { trigger: 'cli' })).rejects.toThrow(/truncated/);
    expect(await count()).toBe(PATIENTS + 2);
    // An HTTP error likewise.
    env.sim.controls.setFault({ kind: 'server_error', path: '/dailysaved/', times: -1 });
    await expect(syncSource(env.deps, source.id, { trigger: 'cli' })).rejects.toMatchObject({
      retryable: true,
    });
    env.sim.controls.clearFaults();
    expect(await count()).toBe(PATIENTS + 2);

    const run = await syncSource(env.deps, source.id, { trigger: 'cli' });
    expect(run.rowsDeleted).toBe(2);
    expect(await count()).toBe(PATIENTS);
    const runs = await env.app.repos.syncRuns.list(source.id);
    expect(runs.filter((r) => r.status === 'failed')).toHaveLength(3);
    expect(runs.every((r) => r.status !== 'running')).toBe(true);
  });

  it('refuses to delete more than the limit unless allowed, and deletes nothing when refusing', async () => {
    const old = Array.from({ length: PATIENTS + 10 }, (_, i) => `('stale-${i}', now() - interval '1 day')`);
    await env.warehouseQuery(`INSERT INTO patient (caseid, _last_commcare_sync) VALUES ${old.join(',')}`);
    const before = await count();
    await expect(syncSource(env.deps, source.id, { trigger: 'cli' })).rejects.toMatchObject({
      code: 'mass_delete',
      message: expect.stringMatching(/Refusing to delete 310 of 610 rows \(50\.8%\).*--allow-mass-delete/),
    });
    expect(await count()).toBe(before);
    const run = await syncSource(env.deps, source.id, { trigger: 'cli', allowMassDelete: true });
    expect(run.rowsDeleted).toBe(310);
    expect(await count()).toBe(PATIENTS);
  });

  it('fails clearly when the key column is not in the feed, and when the database is unreachable', async () => {
    const wrongKey = await env.addSource({
      name: 'wrong key',
      tableName: 'patient_wrong',
      keyColumn: 'case_id',
      exportUrl: env.sim.feedUrl('patient'),
    });
    await expect(syncSource(env.deps, wrongKey.id, { trigger: 'cli' })).rejects.toThrow(
      /The feed has no "case_id" column/,
    );

    const unreachable = await env.app.repos.destinations.create({
      name: 'gone',
      projectSpace: env.sim.domain,
      commcareUrl: env.sim.url,
      commcareUsername: env.sim.username,
      commcareApiKey: env.sim.apiKey,
      databaseUrl: 'postgres://nobody:pw@127.0.0.1:1/nothing',
    });
    const orphan = await env.app.repos.sources.create({
      destinationId: unreachable.id,
      name: 'p',
      tableName: 'patient',
      keyColumn: 'caseid',
      exportUrl: env.sim.feedUrl('patient'),
    });
    const failure = await syncSource(env.deps, orphan.id, { trigger: 'cli' }).catch((error) => error);
    expect(failure.message).not.toContain('pw@');
    const [run] = await env.app.repos.syncRuns.list(orphan.id);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).not.toContain('nobody:pw');
  });

  it('refuses a wrong API key with a non-retryable error naming what to check', async () => {
    const badKey = await env.app.repos.destinations.create({
      name: 'bad key',
      projectSpace: env.sim.domain,
      commcareUrl: env.sim.url,
      commcareUsername: env.sim.username,
      commcareApiKey: 'wrong-key',
      databaseUrl: env.warehouse.url,
    });
    const s = await env.app.repos.sources.create({
      destinationId: badKey.id,
      name: 'p',
      tableName: 'patient_bad_key',
      keyColumn: 'caseid',
      exportUrl: env.sim.feedUrl('patient'),
    });
    const failure = await syncSource(env.deps, s.id, { trigger: 'cli' }).catch((error) => error);
    expect(failure).toMatchObject({ code: 'unauthorized', retryable: false });
    expect(failure.message).not.toContain('wrong-key');
  });
});

describe('a destination database that goes away mid-sync', () => {
  it('fails the run, deletes nothing, and the next run completes', async () => {
    const target = new URL(env.warehouse.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      const flaky = await env.app.repos.destinations.create({
        name: 'flaky',
        projectSpace: env.sim.domain,
        commcareUrl: env.sim.url,
        commcareUsername: env.sim.username,
        commcareApiKey: env.sim.apiKey,
        databaseUrl: viaProxy(env.warehouse.url, proxy.port),
      });
      const s = await env.app.repos.sources.create({
        destinationId: flaky.id,
        name: 'patients',
        tableName: 'patient_flaky',
        keyColumn: 'caseid',
        exportUrl: env.sim.feedUrl('patient'),
      });
      await syncSource(env.deps, s.id, { trigger: 'cli' });
      await env.warehouseQuery(
        "INSERT INTO patient_flaky (caseid, _last_commcare_sync) VALUES ('stale', now() - interval '1 day')",
      );
      // Cut the database exactly when the run is about to delete stale rows.
      const failure = await syncSource(env.deps, s.id, {
        trigger: 'cli',
        onProgress: (progress) => {
          if (progress.phase === 'sweeping') proxy.cut();
        },
      }).catch((error) => error);
      expect(failure).toMatchObject({ retryable: true });
      expect(failure.message).not.toMatch(/postgres:\/\//);
      const stale = await env.warehouseQuery(
        "SELECT count(*)::int AS n FROM patient_flaky WHERE caseid = 'stale'",
      );
      expect(stale.rows[0].n).toBe(1);
      const [failed] = await env.app.repos.syncRuns.list(s.id);
      expect(failed).toMatchObject({ status: 'failed', rowsDeleted: 0 });

      proxy.restore();
      const next = await syncSource(env.deps, s.id, { trigger: 'cli' });
      expect(next).toMatchObject({ status: 'succeeded', rowsDeleted: 1 });
    } finally {
      await proxy.close();
    }
  });
});
