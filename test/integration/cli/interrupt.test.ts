import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { isAlive } from '../../../src/db/postmaster.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/index.ts';
import { BIN, runCli } from '../../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';

let sim: Simulator;
let dataDir: string;
let warehouse: TestDatabase;
beforeAll(async () => {
  sim = await startSimulator({ cases: 40 });
  warehouse = await createTestDatabase('interrupt');
  dataDir = mkdtempSync(join(tmpdir(), 'commcare-utils-interrupt-'));
  chmodSync(dataDir, 0o711);
});
afterAll(async () => {
  await sim?.close();
  await warehouse?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('Ctrl-C during a command on the embedded database stops that database too, and exits 130', async () => {
  // No DATABASE_URL: every command starts (or shares) the embedded server under DATA_DIR.
  const env = { DATA_DIR: dataDir };
  const destination = await runCli(
    [
      'destination',
      'add',
      '--name',
      'd',
      '--project',
      sim.domain,
      '--database-url',
      warehouse.url,
      '--commcare-url',
      sim.url,
      '--commcare-username',
      sim.username,
      '--commcare-api-key',
      sim.apiKey,
    ],
    env,
  );
  expect(destination.code).toBe(0);
  const source = await runCli(
    [
      'source',
      'add',
      '--destination',
      destination.lastLine,
      '--name',
      's',
      '--table',
      'interrupt_patient',
      '--key-column',
      'caseid',
      '--case-type',
      'patient',
    ],
    env,
  );
  expect(source.code).toBe(0);
  // Every Case API page now takes 30 s: the sync is surely still running when we interrupt it.
  sim.controls.setFault({ kind: 'latency', path: '/case/v2/', latencyMs: 30_000, times: -1 });

  const child = spawn(process.execPath, [BIN, 'sync', source.lastLine], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pidFile = join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
  let postgresPid = 0;
  await vi.waitFor(
    () => {
      postgresPid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0]!, 10);
      expect(isAlive(postgresPid)).toBe(true);
    },
    { timeout: 30_000, interval: 100 },
  );
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let it reach the slow Case API request
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr).toContain('interrupted (SIGINT)');
  expect(stderr).not.toContain('error:');
  await vi.waitFor(() => expect(isAlive(postgresPid)).toBe(false), { timeout: 15_000, interval: 100 });
  sim.controls.clearFaults();
});
