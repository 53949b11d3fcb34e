import type { OrderRange } from '../data/case-store.ts';
import type { SimCase } from '../data/cases.ts';
import { parseMicros } from '../data/time.ts';
import { caseV1 } from '../render/case-shapes.ts';
import type { SimContext } from './context.ts';
import { empty, json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';
import { pageParams, tastypieReply } from './tastypie.ts';

/**
 * `GET …/v0.5/case/` (§3). Dates must be naive (an offset is a 400). Every `order_by` sorts by time, which in
 * the simulator is one order (a case's modified times move with its indexed_on); `-` reverses it.
 */
export function listCasesV05(request: SimRequest, context: SimContext): Reply {
  const q = request.query;
  const page = pageParams(request, 5000);
  const range: OrderRange = {};
  const predicates: Array<(c: SimCase) => boolean> = [];
  const type = q.get('type');
  if (type !== null) range.caseType = type;
  for (const [key, apply] of [
    ['indexed_on_start', (at: number) => (range.from = at)],
    ['indexed_on_end', (at: number) => (range.to = at)],
    ['server_date_modified_start', (at: number) => predicates.push((c) => c.serverLastModified >= at)],
    ['server_date_modified_end', (at: number) => predicates.push((c) => c.serverLastModified <= at)],
    ['date_modified_start', (at: number) => predicates.push((c) => c.lastModified >= at)],
    ['date_modified_end', (at: number) => predicates.push((c) => c.lastModified <= at)],
  ] as const) {
    const value = q.get(key);
    if (value === null) continue;
    const at = parseMicros(value, false);
    if (at === undefined) {
      return json(400, {
        error: `${key}: '${value}' is not a naive date or date-time (no UTC offset allowed)`,
      });
    }
    apply(at);
  }
  const owner = q.get('owner_id');
  if (owner !== null) predicates.push((c) => c.ownerId === owner);
  const userId = q.get('user_id');
  if (userId !== null) predicates.push((c) => c.userId === userId);
  const closed = q.get('closed');
  if (closed !== null) predicates.push((c) => c.closed === (closed.toLowerCase() === 'true'));
  const externalId = q.get('external_id');
  if (externalId !== null) predicates.push((c) => c.externalId === externalId);
  const descending = (q.get('order_by') ?? 'server_date_modified').startsWith('-');

  const store = context.store;
  let indexes: Iterable<number> = store.ordered(range);
  if (descending) indexes = [...store.ordered(range)].reverse();
  const objects: unknown[] = [];
  let total = 0;
  const render = (c: SimCase) => caseV1(c, context.project.domain, context.v1DateFormat);
  if (predicates.length === 0 && !descending) {
    total = store.countOrdered(range);
    let skipped = 0;
    for (const index of indexes) {
      if (skipped++ < page.offset) continue;
      if (objects.length >= page.limit) break;
      objects.push(render(store.get(index)!));
    }
  } else {
    for (const index of indexes) {
      const c = store.get(index)!;
      if (!predicates.every((p) => p(c))) continue;
      if (total >= page.offset && objects.length < page.limit) objects.push(render(c));
      total += 1;
    }
  }
  return tastypieReply(request, page, total, objects);
}

export function getCaseV05(id: string, context: SimContext): Reply {
  const found = context.store.byId(id);
  return found ? json(200, caseV1(found, context.project.domain, context.v1DateFormat)) : empty(404);
}
