/**
 * The CommCare HQ simulator: every endpoint the product uses, with HQ's shapes (docs/commcare-api.md), data
 * generated on the fly from a seed, changes and faults on command, and a Data Forwarding sender.
 *
 *   const sim = await startSimulator({ cases: 5000, seed: 7 });
 *   sim.url        'http://127.0.0.1:<port>'   (the CommCare server base URL to configure)
 *   sim.domain     'demo'                       sim.username 'admin@example.com'   sim.apiKey 'sim-api-key'
 *   sim.feeds      [{ exportId, caseType: 'household' | 'patient', url }]  Excel-dashboard feeds
 *   sim.getCase(i | caseId) → the case as the simulator holds it (SimCase); sim.caseId(i)
 *   sim.formId(i)  the form that opened case i
 *   sim.controls   updateCases(ids | n, props?), closeCases(ids | n), createCases(n),   (each → changed ids;
 *                  changed/created cases get one shared new indexed_on and sort last, as in HQ)
 *                  setFault({kind, times?, path?, retryAfterSeconds?, status?, body?, latencyMs?, afterBytes?}),
 *                  clearFaults(), faults(), state()
 *                  kinds: rate_limit | server_error | status | latency | reset | cut | truncate (http/faults.ts)
 *   sim.createForwarder({ url, authorization?, caseFormat?, formFormat?, duplicates?, reorder?,
 *                         autoForwardCases?, msPerHour? }) → { forwardCases(ids), forwardForms(ids), records, idle(), close() }
 *   sim.forwarder  the one built from `options.forwarder`, if any (also used by POST /_simulator/forward)
 *   await sim.close()
 *
 * Admin endpoint (no auth, loopback): see http/admin-routes.ts. Scale: case i is a pure function of the seed
 * and i plus a small overlay of changes, so a million-case feed streams with flat memory.
 */
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../core/clock.ts';
import { type Logger, silentLogger } from '../core/log.ts';
import { createControls, type SimulatorControls } from './controls.ts';
import { CaseStore } from './data/case-store.ts';
import type { CaseTypeName } from './data/case-types.ts';
import type { SimCase } from './data/cases.ts';
import { caseIdFor, formIdFor } from './data/ids.ts';
import { generateProject, type SimProject } from './data/project.ts';
import { rngFor, STREAM } from './data/random.ts';
import { microsOf } from './data/time.ts';
import { createForwarder, type Forwarder, type ForwarderOptions } from './forwarder.ts';
import { routeAdmin } from './http/admin-routes.ts';
import { routeApi } from './http/api-router.ts';
import type { FeedInfo, SimContext } from './http/context.ts';
import { FaultQueue, type FaultSpec } from './http/faults.ts';
import { formById } from './http/form-routes.ts';
import { createSimServer } from './http/server.ts';
import type { V1DateFormat } from './render/case-shapes.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Cases generated at start (a quarter households, the rest patients with a `parent` index). Default 1000. */
  cases?: number;
  domain?: string;
  username?: string;
  apiKey?: string;
  /** §11.1: v0.5/v1 date form. Default `micros` (`YYYY-MM-DDTHH:MM:SS.ffffffZ`). */
  v1DateFormat?: V1DateFormat;
  /** Faults armed from the start. */
  faults?: FaultSpec[];
  /** A forwarder started with the simulator (exposed as `sim.forwarder`). */
  forwarder?: ForwarderOptions;
  logger?: Logger;
  /** Time source for changes (new indexed_on values). */
  clock?: Clock;
}

export interface SimulatorFeed extends FeedInfo {
  url: string;
}

export interface Simulator {
  url: string;
  domain: string;
  username: string;
  apiKey: string;
  seed: number;
  port: number;
  feeds: SimulatorFeed[];
  feedUrl(caseType: CaseTypeName): string;
  project: SimProject;
  caseCount(): number;
  getCase(indexOrId: number | string): SimCase | undefined;
  caseId(index: number): string;
  formId(index: number): string;
  controls: SimulatorControls;
  createForwarder(options: ForwarderOptions): Forwarder;
  forwarder: Forwarder | undefined;
  close(): Promise<void>;
}

export const DEFAULT_SIMULATOR_CREDENTIALS = Object.freeze({
  domain: 'demo',
  username: 'admin@example.com',
  apiKey: 'sim-api-key',
});

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const domain = options.domain ?? DEFAULT_SIMULATOR_CREDENTIALS.domain;
  const username = options.username ?? DEFAULT_SIMULATOR_CREDENTIALS.username;
  const apiKey = options.apiKey ?? DEFAULT_SIMULATOR_CREDENTIALS.apiKey;
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;
  const project = generateProject(seed, domain, username);
  const store = new CaseStore(seed, project, options.cases ?? 1000, () => microsOf(clock.now()));
  const faults = new FaultQueue();
  for (const fault of options.faults ?? []) faults.add(fault);
  const feedInfos: FeedInfo[] = (['household', 'patient'] as const).map((caseType, n) => ({
    caseType,
    exportId: rngFor(seed, STREAM.exportId, n).hex(32),
  }));
  const context: SimContext = {
    seed,
    project,
    store,
    credentials: { username, apiKey },
    faults,
    feeds: feedInfos,
    v1DateFormat: options.v1DateFormat ?? 'micros',
  };
  const forwarders: Forwarder[] = [];
  const makeForwarder = (forwarderOptions: ForwarderOptions) => {
    const made = createForwarder(forwarderOptions, {
      store,
      domain,
      seed,
      formById: (id) => formById(id, context),
      logger,
    });
    forwarders.push(made);
    return made;
  };
  const mainForwarder = options.forwarder ? makeForwarder(options.forwarder) : undefined;

  let url = '';
  const feeds = (): SimulatorFeed[] =>
    feedInfos.map((feed) => ({
      ...feed,
      url: `${url}/a/${domain}/data/export/custom/dailysaved/download/${feed.exportId}/`,
    }));
  const controls = createControls(
    store,
    faults,
    () => ({ url, domain, username, caseCount: store.count, feeds: feeds(), faults: faults.list() }),
    () => mainForwarder,
  );
  const server = createSimServer({
    faults,
    logger,
    api: (request) => routeApi(request, context),
    admin: (request) => routeAdmin(request, controls),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    domain,
    username,
    apiKey,
    seed,
    port: address.port,
    feeds: feeds(),
    feedUrl: (caseType) => feeds().find((feed) => feed.caseType === caseType)!.url,
    project,
    caseCount: () => store.count,
    getCase: (indexOrId) => (typeof indexOrId === 'number' ? store.get(indexOrId) : store.byId(indexOrId)),
    caseId: (index) => caseIdFor(seed, index),
    formId: (index) => formIdFor(seed, index),
    controls,
    createForwarder: makeForwarder,
    forwarder: mainForwarder,
    async close() {
      for (const forwarder of forwarders) forwarder.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type { CaseTypeName } from './data/case-types.ts';
export { LONG_PROPERTY } from './data/case-types.ts';
export type { SimCase } from './data/cases.ts';
export type { DeliveryRecord, Forwarder, ForwarderOptions } from './forwarder.ts';
export type { FaultKind, FaultSpec } from './http/faults.ts';
export { feedColumns } from './render/feed-html.ts';
