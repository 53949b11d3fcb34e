import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommCareClient } from '../../../src/commcare/client.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/index.ts';
import { all, clientFor } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ cases: 60, seed: 9 });
});
afterEach(() => sim.controls.clearFaults());
afterAll(() => sim.close());

const listAll = async (s: Simulator, retry = {}) => {
  const ids: string[] = [];
  for await (const page of clientFor(s, retry).listCasesV2({ limit: 25 }))
    ids.push(...page.cases.map((c) => c.case_id));
  return ids;
};

describe('retryable faults are retried and the listing completes', () => {
  it.each([
    ['429 with Retry-After', { kind: 'rate_limit', retryAfterSeconds: 0, times: 2 }],
    ['429 without Retry-After (backoff)', { kind: 'rate_limit', times: 2 }],
    ['503', { kind: 'server_error', times: 2 }],
    ['500', { kind: 'server_error', status: 500, times: 1 }],
    ['a reset connection', { kind: 'reset', times: 2 }],
    ['a connection cut mid-body', { kind: 'cut', afterBytes: 100, times: 2 }],
    ['a slow answer past the request timeout', { kind: 'latency', latencyMs: 300, times: 1 }],
  ] as const)('%s', async (_name, fault) => {
    sim.controls.setFault({ ...fault, path: '/case/v2' });
    const ids = await listAll(sim, { requestTimeoutMs: 150 });
    expect(new Set(ids).size).toBe(60);
    expect(sim.controls.faults()).toEqual([]);
  });

  it('latency under the timeout is just waited out', async () => {
    sim.controls.setFault({ kind: 'latency', latencyMs: 50, times: 3 });
    expect(await listAll(sim)).toHaveLength(60);
  });
});

describe('giving up', () => {
  it('stops retrying after the total time and says so', async () => {
    sim.controls.setFault({ kind: 'server_error', times: -1 });
    await expect(listAll(sim, { totalTimeMs: 60 })).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
      message: expect.stringMatching(/503 .*Gave up after \d+ attempts/),
    });
  });

  it('keeps waiting for Retry-After only within the total time', async () => {
    sim.controls.setFault({ kind: 'rate_limit', retryAfterSeconds: 30, times: -1 });
    await expect(listAll(sim, { totalTimeMs: 1000 })).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('times out with a typed error', async () => {
    sim.controls.setFault({ kind: 'latency', latencyMs: 500, times: -1 });
    await expect(listAll(sim, { requestTimeoutMs: 50, totalTimeMs: 120 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });
});

describe('non-retryable answers', () => {
  it('401 with a wrong key: empty body + Basic challenge; the error names the URL, never the key', async () => {
    const key = 'wrong-secret-key-123';
    const error = await clientFor(sim, {}, key)
      .getCaseV2(sim.caseId(0))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized', retryable: false });
    const message = (error as Error).message;
    expect(message).toContain(`${sim.url}/a/demo/api/case/v2/`);
    expect(message).toMatch(/check the CommCare username and API key/);
    expect(message).not.toContain(key);
    const raw = await fetch(`${sim.url}/a/demo/api/case/v2/`, {
      headers: { Authorization: `ApiKey ${sim.username}:${key}` },
    });
    expect([raw.status, raw.headers.get('www-authenticate'), await raw.text()]).toEqual([
      401,
      'Basic realm=""',
      '',
    ]);
  });

  it('401 without credentials carries a Digest challenge; a foreign project gives {"error": "not authorized"}', async () => {
    const bare = await fetch(`${sim.url}/a/demo/api/case/v2/`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Digest /);
    const foreign = createCommCareClient({
      connection: { baseUrl: sim.url, domain: 'other-project', username: sim.username, apiKey: sim.apiKey },
      logger: silentLogger(),
      requestsPerSecond: 0,
    });
    await expect(foreign.getCaseV2('x')).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('CommCare said: "not authorized"'),
    });
  });

  it('accepts the key word in any case (commcare-export sends "apikey")', async () => {
    const raw = await fetch(`${sim.url}/a/demo/api/v0.5/case/?limit=1`, {
      headers: { Authorization: `apikey ${sim.username}:${sim.apiKey}` },
    });
    expect(raw.status).toBe(200);
  });

  it.each([
    [403, 'forbidden', /lacks a permission/],
    [404, 'not_found', /check the server URL/],
    [400, 'upstream_protocol', /answered 400/],
  ] as const)('%i → %s, not retried', async (status, code, hint) => {
    sim.controls.setFault({ kind: 'status', status, times: 1 });
    await expect(clientFor(sim).getCaseV05(sim.caseId(1))).rejects.toMatchObject({
      code,
      retryable: false,
      message: expect.stringMatching(hint),
    });
    expect(sim.controls.faults()).toEqual([]); // exactly one request was made
  });
});

describe('the export feed under faults', () => {
  it('a cut mid-body fails the read with a retryable connection error', async () => {
    sim.controls.setFault({ kind: 'cut', afterBytes: 3000, path: '/data/export/' });
    const feed = await clientFor(sim).fetchExportFeed(sim.feedUrl('patient'));
    await expect(all(batches(feed.rows))).rejects.toMatchObject({ code: 'connection', retryable: true });
  });

  it('a page that simply stops is reported truncated', async () => {
    sim.controls.setFault({ kind: 'truncate', afterBytes: 3000, path: '/data/export/' });
    const feed = await clientFor(sim).fetchExportFeed(sim.feedUrl('patient'));
    await expect(all(batches(feed.rows))).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/truncated/),
    });
  });

  it('a 429 before the page starts is retried', async () => {
    sim.controls.setFault({ kind: 'rate_limit', retryAfterSeconds: 0, path: '/data/export/' });
    const feed = await clientFor(sim).fetchExportFeed(sim.feedUrl('household'));
    expect(await all(batches(feed.rows))).toHaveLength(15);
  });
});

describe('a misbehaving server', () => {
  let server: Server;
  let base = '';
  let answer: (path: string) => unknown = () => ({});
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer(req.url ?? '/')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = () =>
    createCommCareClient({
      connection: { baseUrl: base, domain: 'demo', username: 'u', apiKey: 'k' },
      logger: silentLogger(),
      requestsPerSecond: 0,
    });
  const aCase = { case_id: 'c1', indexed_on: '2024-01-01T00:00:00.000000Z' };

  it('a v2 cursor that repeats is an error, not an endless loop', async () => {
    answer = () => ({ matching_records: 5, cases: [aCase], next: `${base}/a/demo/api/case/v2/?cursor=same` });
    await expect(all(batches(client().listCasesV2({ limit: 1 })))).rejects.toMatchObject({
      code: 'upstream_protocol',
      message: expect.stringMatching(/same Case API v2 page twice/),
    });
  });

  it('a next cursor on another host is refused', async () => {
    answer = () => ({
      matching_records: 5,
      cases: [aCase],
      next: 'http://127.0.0.2:9/a/demo/api/case/v2/?cursor=x',
    });
    await expect(all(batches(client().listCasesV2({ limit: 1 })))).rejects.toMatchObject({
      message: expect.stringMatching(/Refusing to send CommCare credentials/),
    });
  });

  it('a v0.5 page that repeats is an error', async () => {
    answer = () => ({
      meta: { limit: 1, next: null, offset: 0, previous: null, total_count: 9 },
      objects: [{ ...aCase, id: 'c1' }],
    });
    await expect(all(client().listCasesV05({ limit: 1 }))).rejects.toMatchObject({
      code: 'upstream_protocol',
    });
  });

  it('a tastypie next link that repeats is an error', async () => {
    let n = 0;
    answer = () => ({
      meta: {
        limit: 1,
        next: '/a/demo/api/v0.5/form/?limit=1&offset=1',
        offset: 0,
        previous: null,
        total_count: 9,
      },
      objects: [{ id: `f${n++}` }],
    });
    await expect(all(client().listForms({ limit: 1 }))).rejects.toMatchObject({
      message: expect.stringMatching(/same form page twice/),
    });
  });

  it('a body that is not JSON is a protocol error', async () => {
    answer = () => undefined;
    await expect(client().getCaseV2('x')).rejects.toMatchObject({ code: 'upstream_protocol' });
  });
});

/** Adapts an iterable of single items or pages to `all()`. */
async function* batches<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  for await (const item of items) yield [item];
}
