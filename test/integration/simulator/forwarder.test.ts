import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForwardedPayload } from '../../../src/commcare/payloads/forwarded-payload.ts';
import { type Simulator, startSimulator } from '../../../src/simulator/index.ts';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let sim: Simulator;
let receiver: Server;
let target = '';
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  sim = await startSimulator({ cases: 40, seed: 11 });
  receiver = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ url: req.url ?? '', headers: req.headers, body });
    if (failNext > 0) {
      failNext -= 1;
      res.writeHead(503).end();
    } else res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/forwarding`;
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('data forwarder', () => {
  it('POSTs case XML with HQ headers and the API Key auth string verbatim', async () => {
    received.length = 0;
    const forwarder = sim.createForwarder({ url: target, authorization: 'Bearer tok-123' });
    forwarder.forwardCases([sim.caseId(1)]);
    await forwarder.idle();
    const [request] = received;
    expect(request!.headers.authorization).toBe('Bearer tok-123');
    expect(request!.headers['content-type']).toBe('text/xml');
    expect(request!.headers['server-modified-on']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const parsed = parseForwardedPayload(request!.body);
    expect(parsed).toMatchObject({
      kind: 'case',
      format: 'xml',
      partial: true,
      case: { case_id: sim.caseId(1) },
    });
    expect(forwarder.records[0]!.state).toBe('succeeded');
  });

  it('POSTs case and form JSON; forms get ?app_id= and received-on', async () => {
    received.length = 0;
    const forwarder = sim.createForwarder({
      url: target,
      caseFormat: 'json',
      formFormat: 'json',
      authorization: 'raw-token',
    });
    forwarder.forwardCases([sim.caseId(2)]);
    forwarder.forwardForms([sim.formId(2)]);
    await forwarder.idle();
    const form = received.find((r) => r.url.includes('app_id='))!;
    expect(form.headers['received-on']).toBeDefined();
    expect(form.headers.authorization).toBe('raw-token');
    expect(parseForwardedPayload(form.body)).toMatchObject({
      kind: 'form',
      format: 'json',
      formId: sim.formId(2),
    });
    const aCase = received.find((r) => !r.url.includes('app_id='))!;
    expect(parseForwardedPayload(aCase.body)).toMatchObject({ kind: 'case', format: 'json', partial: false });
  });

  it('retries failures on a compressed schedule, then succeeds', async () => {
    received.length = 0;
    failNext = 2;
    const forwarder = sim.createForwarder({ url: target, msPerHour: 2 });
    forwarder.forwardForms([sim.formId(3)]);
    await forwarder.idle();
    expect(forwarder.records[0]!.attempts.map((a) => a.status)).toEqual([503, 503, 202]);
    expect(forwarder.records[0]!.state).toBe('succeeded');
  });

  it('gives up after six sends on a server failure', async () => {
    failNext = 100;
    const forwarder = sim.createForwarder({ url: target, msPerHour: 1 });
    forwarder.forwardCases([sim.caseId(4)]);
    await forwarder.idle();
    failNext = 0;
    expect(forwarder.records[0]!).toMatchObject({ state: 'cancelled' });
    expect(forwarder.records[0]!.attempts).toHaveLength(6);
  });

  it('sends duplicates and reorders on request; auto-forwards changed cases', async () => {
    received.length = 0;
    const forwarder = sim.createForwarder({
      url: target,
      caseFormat: 'json',
      duplicates: true,
      reorder: true,
      autoForwardCases: true,
    });
    const ids = sim.controls.updateCases(Array.from({ length: 8 }, (_, i) => sim.caseId(i + 10)));
    await forwarder.idle();
    forwarder.close();
    const sent = received.map(
      (r) => (parseForwardedPayload(r.body) as { case: { case_id: string } }).case.case_id,
    );
    expect(sent).toHaveLength(16);
    expect(new Set(sent)).toEqual(new Set(ids));
  });
});

describe('admin endpoint', () => {
  it('changes cases and arms faults over HTTP', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}/_simulator/${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) =>
        r.json(),
      );
    const before = sim.caseCount();
    expect(((await post('cases/create', { count: 2 })) as { caseIds: string[] }).caseIds).toHaveLength(2);
    expect(sim.caseCount()).toBe(before + 2);
    const closed = (await post('cases/close', { count: 1 })) as { caseIds: string[] };
    expect(sim.getCase(closed.caseIds[0]!)!.closed).toBe(true);
    await post('faults', { kind: 'rate_limit', retryAfterSeconds: 7 });
    const limited = await fetch(`${sim.url}/a/demo/api/case/v2/`, {
      headers: { Authorization: `ApiKey ${sim.username}:${sim.apiKey}` },
    });
    expect([limited.status, limited.headers.get('retry-after'), await limited.text()]).toEqual([
      429,
      '7',
      '',
    ]);
    const state = (await (await fetch(`${sim.url}/_simulator/state`)).json()) as { caseCount: number };
    expect(state.caseCount).toBe(sim.caseCount());
  });
});
