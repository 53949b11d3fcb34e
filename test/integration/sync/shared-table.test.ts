import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDestination } from '../../../src/destination/index.ts';
import { caseToRow } from '../../../src/schema/case-row.ts';
import { CASE_MODIFIED_COLUMN, syncSource } from '../../../src/sync/sync-source.ts';
import { createSyncEnv, type SyncEnv } from '../../helpers/sync-env.ts';

let env: SyncEnv;
beforeAll(async () => {
  env = await createSyncEnv({ simulator: { cases: 40 } });
});
afterAll(async () => env?.close());

const columnsOf = async (table: string) =>
  Object.fromEntries(
    (
      await env.warehouseQuery(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1',
        [table],
      )
    ).rows.map((row) => [row.column_name, row.data_type]),
  );

it('a feed source and API/webhook-shaped case rows share one table: the columns and types agree', async () => {
  const feed = await env.addSource({
    name: 'patients',
    tableName: 'patient',
    caseType: 'patient',
    exportUrl: env.sim.feedUrl('patient'),
  });
  await syncSource(env.deps, feed.id, { trigger: 'cli' });
  const fromFeed = await columnsOf('patient');

  // The same cases as the webhook path maps them (forwarder JSON is v1-shaped; the Case API v2 as well).
  const client = env.deps.commcareFor(await env.app.repos.destinations.getWithSecrets(env.destination.id));
  const v2 = [];
  for await (const page of client.listCasesV2({ caseType: 'patient' })) v2.push(...page.cases);
  const v1 = await Promise.all(v2.slice(0, 5).map((c) => client.getCaseV05(c.case_id)));
  const destination = openDestination(env.warehouse.url, { log: env.deps.log, pools: env.deps.pools });
  const writer = destination.writer('patient', {
    keyColumn: 'caseid',
    newerWinsColumn: CASE_MODIFIED_COLUMN,
  });
  const result = await writer.writeBatch(
    [...v2, ...v1].map((c) => caseToRow(c)),
    { syncedAt: new Date() },
  );

  // Only the API's extra metadata is new; nothing was renamed, duplicated or re-typed.
  expect(result.columnsWidened).toEqual([]);
  const after = await columnsOf('patient');
  const added = Object.keys(after).filter((name) => !(name in fromFeed));
  expect(added.sort()).toEqual(['indexed_on_date']);
  for (const [name, type] of Object.entries(fromFeed)) expect([name, after[name]]).toEqual([name, type]);
  for (const name of [
    'caseid',
    'case_name',
    'case_type',
    'owner_id',
    'closed',
    'opened_date',
    'last_modified_date',
  ]) {
    expect(fromFeed[name]).toBeDefined();
  }
  expect(fromFeed.name).toBeUndefined(); // HQ's "name" label lands in case_name
});
