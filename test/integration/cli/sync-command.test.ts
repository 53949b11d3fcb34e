import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../../helpers/app-db.ts';
import { runCli } from '../../helpers/cli.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';

let env: SyncEnv;
let cliEnv: Record<string, string>;
beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: 80 } });
  cliEnv = { DATABASE_URL: env.app.url, SECRET_KEY: TEST_SECRET_KEY };
});
afterAll(async () => env?.close());

it('sync runs in the foreground, prints a one-line summary and exits 0 on success', async () => {
  const source = await env.addSource({
    name: 'patients',
    tableName: 'patient',
    caseType: 'patient',
  });
  const result = await runCli(['sync', source.id], cliEnv);
  expect(result.code).toBe(0);
  expect(result.stdout.trim()).toMatch(
    /^sync succeeded in \d+\.\ds: 60 read, 60 written, 0 deleted, 0 skipped \(run [0-9a-f-]{36}\)$/,
  );
  const again = await runCli(['sync', source.id, '--full'], cliEnv);
  expect(again.lastLine).toMatch(/60 read, 60 written, 0 deleted/);
});

it('exits non-zero with a one-line reason when the sync fails', async () => {
  const source = await env.addSource({
    name: 'feed',
    tableName: 'patient_feed',
    keyColumn: 'no_such_column',
    exportUrl: env.sim.feedUrl('patient'),
  });
  const result = await runCli(['sync', source.id], cliEnv);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim()).toMatch(/^error: The feed has no "no_such_column" column/);

  const unknown = await runCli(['sync', '00000000-0000-4000-8000-000000000000'], cliEnv);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr.trim()).toBe('error: No source with id 00000000-0000-4000-8000-000000000000');
});
