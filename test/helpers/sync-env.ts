import pg from 'pg';
import { type Logger, silentLogger } from '../../src/core/log.ts';
import type { Destination as DestinationRecord } from '../../src/db/repositories/destinations.ts';
import type { Source } from '../../src/db/repositories/sources.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/simulator/index.ts';
import { createSyncDeps, type SyncDeps } from '../../src/sync/deps.ts';
import { type AppTestDatabase, createAppTestDatabase } from './app-db.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

/** Retries fast enough for tests; the real policy is exercised by the client's own contract tests. */
export const FAST_RETRY = { initialDelayMs: 10, maxDelayMs: 50, totalTimeMs: 1500, requestTimeoutMs: 5000 };

export interface SyncEnv {
  app: AppTestDatabase;
  warehouse: TestDatabase;
  sim: Simulator;
  deps: SyncDeps;
  destination: DestinationRecord;
  /** Adds a source to the test destination (key column `caseid` unless given). */
  addSource(fields: Record<string, unknown>): Promise<Source>;
  /** A query on the destination (warehouse) database. */
  warehouseQuery(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

/** App database + destination database + simulator + the sync pipeline's dependencies, for one test file. */
export async function createSyncEnv(
  options: { simulator?: SimulatorOptions; log?: Logger; retry?: typeof FAST_RETRY } = {},
): Promise<SyncEnv> {
  const app = await createAppTestDatabase();
  const warehouse = await createTestDatabase('warehouse');
  const sim = await startSimulator({ cases: 200, seed: 7, ...options.simulator });
  const log = options.log ?? silentLogger();
  const deps = createSyncDeps({
    db: app.db,
    repos: app.repos,
    log,
    requestsPerSecond: 0,
    retry: options.retry ?? FAST_RETRY,
  });
  const destination = await app.repos.destinations.create({
    name: 'warehouse',
    projectSpace: sim.domain,
    commcareUrl: sim.url,
    commcareUsername: sim.username,
    commcareApiKey: sim.apiKey,
    databaseUrl: warehouse.url,
  });
  const warehousePool = new pg.Pool({ connectionString: warehouse.url, max: 2 });
  return {
    app,
    warehouse,
    sim,
    deps,
    destination,
    addSource: (fields) =>
      app.repos.sources.create({ destinationId: destination.id, keyColumn: 'caseid', ...fields }),
    warehouseQuery: (sql, params) => warehousePool.query(sql, params),
    async close() {
      await warehousePool.end();
      await deps.pools.closeAll();
      await sim.close();
      await app.close();
      await warehouse.drop();
    },
  };
}
