import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointOf, isCaseMiss } from '../../../src/commcare/resources/cases-v2.ts';
import type { CaseV2 } from '../../../src/commcare/types.ts';
import { LONG_PROPERTY, type Simulator, startSimulator } from '../../../src/simulator/index.ts';
import { all, clientFor } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ cases: 230, seed: 42 });
});
afterAll(() => sim.close());

describe('Case API v2', () => {
  it('follows the absolute next cursor through every case, in indexed_on order, no duplicates', async () => {
    const client = clientFor(sim);
    const pages = [];
    for await (const page of client.listCasesV2({ limit: 40 })) pages.push(page);
    const cases = pages.flatMap((p) => p.cases);
    expect(pages[0]!.matching_records).toBe(230);
    expect(pages.at(-1)!.next).toBeUndefined();
    expect(pages[1]!.matching_records).toBe(190); // the cursor query shrinks as it advances
    expect(new Set(cases.map((c) => c.case_id)).size).toBe(230);
    const order = cases.map((c) => c.indexed_on);
    expect([...order].sort()).toEqual(order);
    expect(cases[0]!.indexed_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('filters by case type and has v2 field placement', async () => {
    const cases = (await all(
      mapPages(clientFor(sim).listCasesV2({ caseType: 'patient', limit: 1000 })),
    )) as CaseV2[];
    expect(cases).toHaveLength(172);
    const patient = cases[0]!;
    expect(patient).toMatchObject({ case_type: 'patient', domain: 'demo' });
    expect(patient.properties).not.toHaveProperty('case_type');
    expect(patient.properties[LONG_PROPERTY]).toBeDefined();
    expect(patient.indices.parent).toMatchObject({ case_type: 'household', relationship: 'child' });
    expect(patient).not.toHaveProperty('user_id');
  });

  it('resumes from a checkpoint and sees changed and created cases, including same-instant ties', async () => {
    const client = clientFor(sim);
    let checkpoint: { indexedOn: string } | undefined;
    for await (const page of client.listCasesV2({ limit: 100 }))
      checkpoint = checkpointOf(page) ?? checkpoint;
    const updated = sim.controls.updateCases(7);
    const closed = sim.controls.closeCases([sim.caseId(3)]);
    const created = sim.controls.createCases(3);
    const seen: CaseV2[] = [];
    for await (const page of client.listCasesV2({ limit: 2, indexedOnGte: checkpoint!.indexedOn })) {
      seen.push(...page.cases);
    }
    const ids = seen.map((c) => c.case_id);
    expect(ids).toEqual(expect.arrayContaining([...updated, ...closed, ...created]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.find((c) => c.case_id === closed[0])!.closed).toBe(true);
    expect(sim.getCase(closed[0]!)!.closed).toBe(true);
  });

  it('gets one case, and a 404 with HQ’s body for an unknown one', async () => {
    const client = clientFor(sim);
    expect((await client.getCaseV2(sim.caseId(5))).case_id).toBe(sim.caseId(5));
    await expect(client.getCaseV2('nope')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining(`CommCare said: "Case 'nope' not found"`),
    });
  });

  it('bulk-fetches by case and external id, reporting misses', async () => {
    const withExternal = Array.from({ length: 20 }, (_, i) => sim.getCase(i)!).find(
      (c) => c.externalId !== null,
    )!;
    const result = await clientFor(sim).bulkFetchCases({
      caseIds: [sim.caseId(1), 'missing-id'],
      externalIds: [withExternal.externalId!, 'no-such-external'],
    });
    expect(result).toMatchObject({ matching_records: 2, missing_records: 2 });
    expect(result.cases.map((c) => (isCaseMiss(c) ? c.error : c.case_id))).toEqual([
      sim.caseId(1),
      'not found',
      withExternal.caseId,
      'not found',
    ]);
  });
});

describe('Case API v0.5', () => {
  it('pages by indexed_on_start and skips the boundary cases it has already seen', async () => {
    // A batch update shares one indexed_on: pages must cross that tie without loss or repeats.
    sim.controls.updateCases(12);
    const cases = await all(clientFor(sim).listCasesV05({ limit: 5 }));
    expect(cases).toHaveLength(sim.caseCount());
    expect(new Set(cases.map((c) => c.case_id)).size).toBe(sim.caseCount());
    expect(cases[0]!.properties.case_type).toBeDefined();
    expect(cases[0]!.resource_uri).toMatch(/^\/a\/demo\/api\/case\/v1\/.+\/$/);
  });

  it('crosses a tie larger than a page with offsets', async () => {
    const tied = await startSimulator({ cases: 9, seed: 3 });
    try {
      tied.controls.updateCases(Array.from({ length: 9 }, (_, i) => tied.caseId(i)));
      const cases = await all(clientFor(tied).listCasesV05({ limit: 2 }));
      expect(new Set(cases.map((c) => c.case_id)).size).toBe(9);
      expect(cases).toHaveLength(9);
    } finally {
      await tied.close();
    }
  });

  it('gets one case; an unknown id is a typed 404', async () => {
    const client = clientFor(sim);
    expect((await client.getCaseV05(sim.caseId(2))).id).toBe(sim.caseId(2));
    await expect(client.getCaseV05('nope')).rejects.toMatchObject({ code: 'not_found', retryable: false });
  });
});

describe('users, locations, forms', () => {
  it('reads a mobile worker, a web user and locations v1/v2', async () => {
    const client = clientFor(sim);
    const c = sim.getCase(1)!;
    const worker = await client.getMobileWorker(c.openedBy);
    expect(worker.username).toMatch(/@demo\.commcarehq\.org$/);
    const web = await client.getWebUser(sim.project.webUsers[0]!.id);
    expect(web.username).toBe(sim.username);
    await expect(client.getMobileWorker(web.id)).rejects.toMatchObject({ code: 'not_found' });
    const district = sim.project.districts[0]!;
    const v1 = await client.getLocationV1(district.locationId);
    expect(v1.parent).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/a\/demo\/api\/location\/v1\/[0-9a-f]{32}\/$/);
    expect(typeof v1.id).toBe('number');
    const v2 = await client.getLocationV2(district.locationId);
    expect(v2).toMatchObject({ location_type_code: 'district', name: district.name });
    const root = await client.getLocationV2(sim.project.locations[0]!.locationId);
    expect(root.parent_location_id).toBe('');
    expect(await all(client.listMobileWorkers(3))).toHaveLength(8);
  });

  it('lists forms through relative next links and reads one', async () => {
    const client = clientFor(sim);
    const forms = await all(client.listForms({ limit: 100 }));
    expect(forms).toHaveLength(sim.caseCount());
    expect(forms[0]!.received_on > forms.at(-1)!.received_on).toBe(true); // default -received_on
    const one = await client.getForm(sim.formId(1));
    expect(one.form['@name']).toBe('Patient Visit');
    expect((one.form.case as Record<string, unknown>)['@case_id']).toBe(sim.caseId(1));
    const household = await all(
      client.listForms({ xmlns: String((await client.getForm(sim.formId(0))).form['@xmlns']) }),
    );
    expect(household.length).toBe(Math.ceil(sim.caseCount() / 4));
  });
});

describe('export feed', () => {
  it('streams and parses the patient feed with HQ’s labels and values', async () => {
    const feed = await clientFor(sim).fetchExportFeed(sim.feedUrl('patient'));
    expect(feed.headers.slice(0, 3)).toEqual(['number', 'caseid', 'name']);
    expect(feed.headers).toEqual(
      expect.arrayContaining(['owner_name', 'closed', 'indices.household', LONG_PROPERTY]),
    );
    const rows = [];
    for await (const row of feed.rows) rows.push(Object.fromEntries(feed.headers.map((h, i) => [h, row[i]])));
    const patients = Array.from({ length: sim.caseCount() }, (_, i) => sim.getCase(i)!).filter(
      (c) => c.caseType === 'patient',
    );
    expect(rows).toHaveLength(patients.length);
    const byId = new Map(rows.map((r) => [r.caseid, r]));
    for (const c of patients) {
      const row = byId.get(c.caseId)!;
      expect(row.name).toBe(c.caseName);
      expect(row.notes).toBe(c.properties.notes ?? null);
      expect(row.optional_remark).toBe(c.properties.optional_remark ?? null);
      expect(row.closed).toBe(c.closed ? 'True' : 'False');
      expect(row['indices.household']).toBe(c.indices.parent!.caseId);
      expect(row.last_modified_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
    expect(rows.some((r) => r.notes === '---not missing---')).toBe(true);
  });

  it('refuses an export URL on another server (the key would leak)', async () => {
    await expect(clientFor(sim).fetchExportFeed('http://127.0.0.2:1/a/demo/x/')).rejects.toMatchObject({
      code: 'upstream_protocol',
    });
  });

  it('an unknown export is a typed 404', async () => {
    await expect(
      clientFor(sim).fetchExportFeed(`${sim.url}/a/demo/data/export/custom/dailysaved/download/nope/`),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

async function* mapPages(pages: AsyncIterable<{ cases: CaseV2[] }>): AsyncGenerator<CaseV2[]> {
  for await (const page of pages) yield page.cases;
}
