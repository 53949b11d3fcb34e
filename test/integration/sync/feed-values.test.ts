import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.ts';
import type { Source } from '../../../src/db/repositories/sources.ts';
import { createSyncDeps, type SyncDeps } from '../../../src/sync/deps.ts';
import { syncSource } from '../../../src/sync/sync-source.ts';
import { type AppTestDatabase, createAppTestDatabase } from '../../helpers/app-db.ts';
import { feedPage, startFeedServer } from '../../helpers/feed-server.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';
import { FAST_RETRY } from '../../helpers/sync-env.ts';

let app: AppTestDatabase;
let warehouse: TestDatabase;
let server: Awaited<ReturnType<typeof startFeedServer>>;
let deps: SyncDeps;
let source: Source;

beforeAll(async () => {
  app = await createAppTestDatabase();
  warehouse = await createTestDatabase('feedvalues');
  server = await startFeedServer();
  const log = silentLogger();
  deps = createSyncDeps({ db: app.db, repos: app.repos, log, requestsPerSecond: 0, retry: FAST_RETRY });
  const destination = await app.repos.destinations.create({
    name: 'd',
    projectSpace: 'demo',
    commcareUrl: server.url,
    commcareUsername: 'user@example.org',
    commcareApiKey: 'key',
    databaseUrl: warehouse.url,
  });
  source = await app.repos.sources.create({
    destinationId: destination.id,
    name: 'cases',
    tableName: 'cases',
    keyColumn: 'caseid',
    exportUrl: server.feedUrl,
  });
});
afterAll(async () => {
  await deps?.pools.closeAll();
  await server?.close();
  await app?.close();
  await warehouse?.drop();
});

const rows = async () => {
  const { Client } = await import('pg');
  const client = new Client(warehouse.url);
  await client.connect();
  try {
    return (await client.query('SELECT * FROM cases ORDER BY caseid')).rows;
  } finally {
    await client.end();
  }
};

it('keeps every value as written: --- is NULL, blanks stay blank, entities decoded, keyless rows skipped and counted', async () => {
  server.setPage(
    feedPage(
      ['number', 'caseid', 'name', '@name', 'note', 'code', 'visits'],
      [
        ['0', 'c1', 'Ann', 'Form A', 'a &amp; b &lt;c&gt; &#x27;q&#x27;', '007', '3'],
        ['1', 'c2', '---', 'Form A', '', '012', '---'],
        ['2', '---', 'no key', 'Form A', 'x', '1', '1'],
        ['3', '', 'empty key', 'Form A', 'x', '1', '1'],
        ['4', 'c3', 'a---b', 'Form B', '--- ', '100', '12'],
      ],
    ),
  );
  const run = await syncSource(deps, source.id, { trigger: 'cli' });
  expect(run).toMatchObject({ rowsRead: 5, rowsWritten: 3, rowsSkipped: 2 });
  const stored = await rows();
  expect(stored.map((r) => [r.caseid, r.case_name, r._name, r.note, r.code, r.visits])).toEqual([
    ['c1', 'Ann', 'Form A', "a & b <c> 'q'", '007', 3],
    ['c2', null, 'Form A', '', '012', null],
    ['c3', 'a---b', 'Form B', '--- ', '100', 12],
  ]);
  // Leading-zero codes stay text; counts become bigint (hence numbers above).
});

it('deletes nothing when the feed arrives with a header but no rows', async () => {
  server.setPage(feedPage(['number', 'caseid', 'name'], []));
  const run = await syncSource(deps, source.id, { trigger: 'cli' });
  expect(run).toMatchObject({ status: 'succeeded', rowsRead: 0, rowsDeleted: 0 });
  expect(await rows()).toHaveLength(3);
});

it('fails without deleting on a page that is not a feed', async () => {
  server.setPage('<html><body><p>Login required</p></body></html>');
  await expect(syncSource(deps, source.id, { trigger: 'cli' })).rejects.toThrow(/no <table>/);
  expect(await rows()).toHaveLength(3);
});

it('never sends the API key to another server, even when the stored export URL was changed behind its back', async () => {
  await app.db.query("UPDATE destination_sources SET export_url = 'http://127.0.0.2:9/feed' WHERE id = $1", [
    source.id,
  ]);
  await expect(syncSource(deps, source.id, { trigger: 'cli' })).rejects.toThrow(/server/i);
  await app.db.query('UPDATE destination_sources SET export_url = $2 WHERE id = $1', [
    source.id,
    server.feedUrl,
  ]);
});
