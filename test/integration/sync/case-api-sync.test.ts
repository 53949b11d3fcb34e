import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../src/db/repositories/sources.ts';
import { syncSource } from '../../../src/sync/sync-source.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';

let env: SyncEnv;
let source: Source;
const PATIENTS = 300;

beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: 400 } });
  source = await env.addSource({
    name: 'patients',
    tableName: 'patient_api',
    caseType: 'patient',
  });
});
afterAll(async () => env?.close());

const count = async () =>
  Number((await env.warehouseQuery('SELECT count(*) AS n FROM patient_api')).rows[0].n);

describe('case-type source (Case API v2, incremental)', () => {
  it('resumes from the last committed page after a failure part-way', async () => {
    // Fail every Case API request once two pages of 50 have been written.
    const failing = syncSource(env.deps, source.id, {
      trigger: 'cli',
      casePageSize: 50,
      onProgress: (progress) => {
        if (progress.details.pages === 2 && env.sim.controls.faults().length === 0) {
          env.sim.controls.setFault({ kind: 'server_error', path: '/case/v2/', times: -1 });
        }
      },
    });
    await expect(failing).rejects.toMatchObject({ retryable: true });
    env.sim.controls.clearFaults();
    expect(await count()).toBe(100);
    const checkpoint = await env.app.repos.checkpoints.get(source.id);
    expect(checkpoint?.indexedOn).toMatch(/^\d{4}-\d\d-\d\dT/);

    const resumed = await syncSource(env.deps, source.id, { trigger: 'cli', casePageSize: 50 });
    expect(resumed.status).toBe('succeeded');
    // It started at the checkpoint (minus a small overlap), not at the beginning.
    expect(resumed.rowsRead).toBeLessThan(PATIENTS);
    expect(resumed.rowsRead).toBeGreaterThanOrEqual(PATIENTS - 100);
    expect(resumed.progress.fullRun).toBe(false);
    expect(await count()).toBe(PATIENTS);
  });

  it('reads about the 1% of cases that changed on the next run', async () => {
    const changed = env.sim.controls.updateCases(3, { visit_notes: 'changed on purpose' }, 'patient');
    const run = await syncSource(env.deps, source.id, { trigger: 'cli' });
    expect(run.rowsRead).toBeGreaterThanOrEqual(3);
    expect(run.rowsRead).toBeLessThanOrEqual(3 + 10); // the changed cases, plus the overlap window at most
    const { rows } = await env.warehouseQuery(
      'SELECT caseid, visit_notes FROM patient_api WHERE caseid = ANY($1) ORDER BY caseid',
      [changed],
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.visit_notes === 'changed on purpose')).toBe(true);
  });

  it('a --full run reads everything and sweeps rows of cases no longer served', async () => {
    await env.warehouseQuery(
      "INSERT INTO patient_api (caseid, _last_commcare_sync) VALUES ('deleted-in-commcare', now() - interval '1 hour')",
    );
    const run = await syncSource(env.deps, source.id, { trigger: 'cli', full: true });
    expect(run).toMatchObject({ status: 'succeeded', fullRefresh: true, rowsRead: PATIENTS, rowsDeleted: 1 });
    expect(await count()).toBe(PATIENTS);
  });

  it('maps cases to design.md §5 columns with owner names from locations', async () => {
    const { rows } = await env.warehouseQuery('SELECT * FROM patient_api ORDER BY caseid LIMIT 1');
    const row = rows[0];
    const simCase = env.sim.getCase(row.caseid)!;
    expect(row.case_type).toBe('patient');
    expect(row.case_name).toBe(simCase.caseName ?? null);
    expect(row.owner_id).toBe(simCase.ownerId);
    expect(typeof row.owner_name).toBe('string');
    expect(row.indexed_on_date).toBeInstanceOf(Date);
    expect(row['indices.household']).toMatch(/\S/);
  });

  it('never lets an older API version overwrite a newer stored one, and never sweeps it', async () => {
    const [target] = (await env.warehouseQuery('SELECT caseid FROM patient_api ORDER BY caseid LIMIT 1'))
      .rows;
    await env.warehouseQuery(
      "UPDATE patient_api SET server_last_modified_date = '2999-01-01', case_name = 'from a newer webhook', _last_commcare_sync = now() - interval '1 hour' WHERE caseid = $1",
      [target.caseid],
    );
    const run = await syncSource(env.deps, source.id, { trigger: 'cli', full: true });
    expect(run.rowsDeleted).toBe(0);
    const { rows } = await env.warehouseQuery('SELECT case_name FROM patient_api WHERE caseid = $1', [
      target.caseid,
    ]);
    expect(rows[0].case_name).toBe('from a newer webhook');
  });
});

describe('losing the app database connection that holds the source lock', () => {
  it('stops the run between pages, so no second run can overlap it', async () => {
    const lockless = await env.addSource({
      name: 'lock test',
      tableName: 'patient_lock',
      caseType: 'patient',
    });
    let terminated = false;
    const failure = await syncSource(env.deps, lockless.id, {
      trigger: 'cli',
      casePageSize: 50,
      onProgress: (progress) => {
        if (progress.details.pages !== 1 || terminated) return;
        terminated = true;
        env.sim.controls.setFault({ kind: 'latency', path: '/case/v2/', latencyMs: 300, times: -1 });
        void env.app.db.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_try_advisory_lock%' AND pid <> pg_backend_pid()",
        );
      },
    }).catch((error) => error);
    env.sim.controls.clearFaults();
    expect(failure).toMatchObject({ code: 'database', retryable: true });
    expect(failure.message).toMatch(/lock/);
    const [run] = await env.app.repos.syncRuns.list(lockless.id);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.rowsRead).toBeLessThan(PATIENTS);
  });
});
