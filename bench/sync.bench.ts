/**
 * End-to-end sync benchmark (issue 5), the simulator in its own process like a real CommCare:
 * - feed: a 200,000-row patient feed (the simulator's 32 case-export columns), first sync and re-sync, against
 *   the floor = a raw `COPY` of the same values (already parsed, held in memory) into a table of text columns.
 *   Target: both syncs ≤ 2× the floor.
 * - memory: this process's peak RSS while syncing a 1,000,000-row feed. Target ≤ 200 MB.
 * - incremental: after 1% of cases changed, a Case API run reads about 1% (cases served, counted).
 * Uses BENCH_DATABASE_URL (a superuser URL) when set, else an embedded PostgreSQL under the temp dir.
 * Sizes can be scaled down for a quick look: BENCH_FEED_ROWS, BENCH_MEMORY_ROWS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCommCareClient } from '../src/commcare/client.ts';
import { readExportFeed } from '../src/commcare/feed/feed-parser.ts';
import { createSecretBox } from '../src/core/crypto.ts';
import { silentLogger } from '../src/core/log.ts';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { createAppPool } from '../src/db/pool.ts';
import { createRepositories } from '../src/db/repositories/index.ts';
import { copyTextChunks } from '../src/destination/copy-text.ts';
import { quoteIdent } from '../src/destination/quote.ts';
import { createSyncDeps } from '../src/sync/deps.ts';
import { syncSource } from '../src/sync/sync-source.ts';

const FEED_ROWS = Number(process.env.BENCH_FEED_ROWS ?? 200_000);
const MEMORY_ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000);
const PATIENT_SHARE = 0.75; // the simulator makes a quarter of its cases households
const BIN = fileURLToPath(new URL('../bin/commcare-utils', import.meta.url));
const log = silentLogger();
const SECRET_KEY = 'bench-secret-key-with-at-least-32-chars!!';

interface Simulator {
  url: string;
  feedUrl: string;
  stop(): Promise<void>;
}

/** `bin/commcare-utils simulator` in a child process; its CPU and memory are not ours. */
async function startSimulatorProcess(patients: number): Promise<Simulator> {
  const port = await freePort();
  const cases = Math.ceil(patients / PATIENT_SHARE);
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'simulator', '--port', String(port), '--cases', String(cases)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (/feed \(patient\): (\S+)/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const feedUrl = /feed \(patient\): (\S+)/.exec(output)![1]!;
  return {
    url: `http://127.0.0.1:${port}`,
    feedUrl,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs `bin/commcare-utils sync` as an operator would and returns its peak RSS in MB (VmHWM, read from /proc
 * until the process exits), so the figure is the product's own memory, not this benchmark's.
 */
async function syncInChildProcess(appUrl: string, sourceId: string): Promise<number> {
  const child = spawn(process.execPath, [BIN, 'sync', sourceId], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: appUrl, SECRET_KEY, LOG_LEVEL: 'warn' },
  });
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // exited between two samples
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`sync exited with ${code}`);
  return peakKb / 1024;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'commcare-utils-bench-'));
    chmodSync(dir, 0o711);
    embedded = await startEmbeddedPostgres({ dir, persistent: false });
    adminUrl = embedded.urlFor('postgres');
  }
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  const suffix = Date.now().toString(36);
  const appName = `bench_app_${suffix}`;
  const warehouseName = `bench_wh_${suffix}`;
  await admin.query(`CREATE DATABASE ${appName}`);
  await admin.query(`CREATE DATABASE ${warehouseName}`);
  const urlOf = (name: string) => Object.assign(new URL(adminUrl!), { pathname: `/${name}` }).toString();
  const appUrl = urlOf(appName);
  const warehouseUrl = urlOf(warehouseName);
  await migrate(appUrl, log);
  const appDb = createAppPool(appUrl, log);
  const repos = createRepositories(appDb, createSecretBox(SECRET_KEY));
  const deps = createSyncDeps({ db: appDb, repos, log });
  const warehouse = new pg.Pool({ connectionString: warehouseUrl, max: 2 });
  const results: string[] = [];
  let failed = false;

  try {
    // ---- 200k feed: first sync, re-sync, floor --------------------------------------------------
    const sim = await startSimulatorProcess(FEED_ROWS);
    const destination = await repos.destinations.create({
      name: 'bench',
      projectSpace: 'demo',
      commcareUrl: sim.url,
      commcareUsername: 'admin@example.com',
      commcareApiKey: 'sim-api-key',
      databaseUrl: warehouseUrl,
    });
    const feedSource = await repos.sources.create({
      destinationId: destination.id,
      name: 'patients feed',
      tableName: 'patient_feed',
      keyColumn: 'caseid',
      exportUrl: sim.feedUrl,
    });
    const first = await timed(() => syncSource(deps, feedSource.id, { trigger: 'cli' }));
    const again = await timed(() => syncSource(deps, feedSource.id, { trigger: 'cli' }));

    // Floor: the same values, parsed once and held in memory, COPYed into text columns.
    const client = createCommCareClient({
      connection: { baseUrl: sim.url, domain: 'demo', username: 'admin@example.com', apiKey: 'sim-api-key' },
      logger: log,
      requestsPerSecond: 0,
    });
    const feed = await readExportFeed(await client.openExportFeed(sim.feedUrl));
    const values: (string | null)[][] = [];
    for await (const row of feed.rows) values.push(row);
    const columns = feed.headers.length;
    await warehouse.query(
      `CREATE TABLE floor_copy (${feed.headers.map((_, i) => `${quoteIdent(`c${i}`)} text`).join(', ')})`,
    );
    const floor = await timed(async () => {
      const copyClient = await warehouse.connect();
      try {
        await pipeline(copyTextChunks(values), copyClient.query(copyFrom('COPY floor_copy FROM STDIN')));
      } finally {
        copyClient.release();
      }
    });
    values.length = 0;
    const firstRatio = first.seconds / floor.seconds;
    const againRatio = again.seconds / floor.seconds;
    results.push(
      `| feed rows × columns | ${first.result.rowsRead.toLocaleString('en')} × ${columns} |`,
      `| raw COPY floor | ${floor.seconds.toFixed(2)} s |`,
      `| first sync (HTTP + parse + infer + create + COPY + merge) | ${first.seconds.toFixed(2)} s (${firstRatio.toFixed(2)}× floor, ${Math.round(first.result.rowsRead / first.seconds).toLocaleString('en')} rows/s) |`,
      `| re-sync (update path + sweep) | ${again.seconds.toFixed(2)} s (${againRatio.toFixed(2)}× floor) |`,
    );
    if (firstRatio > 2 || againRatio > 2) failed = true;

    // ---- incremental Case API after 1% changed ----------------------------------------------------
    const apiSource = await repos.sources.create({
      destinationId: destination.id,
      name: 'patients api',
      tableName: 'patient_api',
      keyColumn: 'caseid',
      caseType: 'patient',
    });
    const full = await timed(() => syncSource(deps, apiSource.id, { trigger: 'cli' }));
    const changedCount = Math.round(first.result.rowsRead * 0.01);
    const response = await fetch(`${sim.url}/_simulator/cases/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: changedCount, caseType: 'patient' }),
    });
    if (!response.ok) throw new Error(`simulator update failed: ${response.status}`);
    const incremental = await timed(() => syncSource(deps, apiSource.id, { trigger: 'cli' }));
    const share = incremental.result.rowsRead / full.result.rowsRead;
    results.push(
      `| Case API first (full) run | ${full.result.rowsRead.toLocaleString('en')} cases in ${full.seconds.toFixed(1)} s |`,
      `| Case API incremental after ${changedCount.toLocaleString('en')} (1%) changed | ${incremental.result.rowsRead.toLocaleString('en')} cases served (${(share * 100).toFixed(2)}%) in ${incremental.seconds.toFixed(1)} s |`,
    );
    if (share > 0.015) failed = true;
    await sim.stop();

    // ---- 1M-row feed: peak memory ------------------------------------------------------------------
    const bigSim = await startSimulatorProcess(MEMORY_ROWS);
    const bigDestination = await repos.destinations.create({
      name: 'bench big',
      projectSpace: 'demo',
      commcareUrl: bigSim.url,
      commcareUsername: 'admin@example.com',
      commcareApiKey: 'sim-api-key',
      databaseUrl: warehouseUrl,
    });
    const bigSource = await repos.sources.create({
      destinationId: bigDestination.id,
      name: 'big feed',
      tableName: 'patient_big',
      keyColumn: 'caseid',
      exportUrl: bigSim.feedUrl,
    });
    const big = await timed(() => syncInChildProcess(appUrl, bigSource.id));
    results.push(
      `| ${MEMORY_ROWS.toLocaleString('en')}-row feed sync (\`bin/commcare-utils sync\`, own process) | ${big.seconds.toFixed(1)} s, ${Math.round(MEMORY_ROWS / big.seconds).toLocaleString('en')} rows/s |`,
      `| peak RSS of that process (VmHWM) | ${big.result.toFixed(0)} MB |`,
    );
    if (big.result > 200) failed = true;
    await bigSim.stop();
  } finally {
    await deps.pools.closeAll();
    await appDb.end();
    await warehouse.end();
    await admin.query(`DROP DATABASE IF EXISTS ${appName} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${warehouseName} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  console.log('| measure | result |\n|---|---|');
  for (const line of results) console.log(line);
  console.log(
    `\ntargets: syncs ≤ 2× floor, incremental ≈ 1%, peak RSS ≤ 200 MB → ${failed ? 'MISSED' : 'met'}`,
  );
  process.exit(failed ? 1 : 0);
}

await main();
