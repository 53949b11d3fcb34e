import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.ts';
import { migrate } from '../../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('migrate');
});
afterAll(async () => database?.drop());

async function query(sql: string) {
  const client = new pg.Client(database.url);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it('applies each migration exactly once when several processes migrate at the same moment', async () => {
  const results = await Promise.all([1, 2, 3, 4].map(() => migrate(database.url, silentLogger())));

  // Exactly one of the racers applied the app schema; the others found nothing left to do.
  const applied = results.flatMap((result) => result.applied);
  expect(applied).toEqual(['1733270400000_app-schema']);
  const recorded = await query('SELECT name FROM pgmigrations');
  expect(recorded.map((row) => row.name)).toEqual(['1733270400000_app-schema']);
  const tables = await query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  expect(tables.map((row) => row.table_name)).toEqual([
    'checkpoints',
    'destination_sources',
    'destination_tokens',
    'destinations',
    'form_mapping_tables',
    'form_mappings',
    'inbox',
    'login_tokens',
    'pgmigrations',
    'sessions',
    'sync_runs',
    'users',
  ]);
  const worker = await query(
    "SELECT 1 FROM information_schema.schemata WHERE schema_name = 'graphile_worker'",
  );
  expect(worker).toHaveLength(1);
});

it('is a no-op on an up-to-date database', async () => {
  expect((await migrate(database.url, silentLogger())).applied).toEqual([]);
});
