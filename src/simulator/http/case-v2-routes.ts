import type { OrderRange } from '../data/case-store.ts';
import type { SimCase } from '../data/cases.ts';
import { isoMicros, parseMicros } from '../data/time.ts';
import { caseV2 } from '../render/case-shapes.ts';
import type { SimContext } from './context.ts';
import { hqError, json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';

const MAX = 5000;
const DATE_FIELDS = [
  'last_modified',
  'server_last_modified',
  'date_opened',
  'date_closed',
  'indexed_on',
] as const;
const SIMPLE = new Set([
  'limit',
  'cursor',
  'case_type',
  'owner_id',
  'case_name',
  'external_id',
  'closed',
  'include_deprecated',
  'last_case_id',
]);

type Predicate = (c: SimCase) => boolean;

/**
 * `GET …/case/v2/` (§4): sorted by indexed_on then case_id; `next` is an absolute URL whose `cursor` is the
 * base64 of the query plus `indexed_on.gte` and `last_case_id`. With a cursor, other parameters are ignored.
 */
export function listCasesV2(request: SimRequest, context: SimContext): Reply {
  let params = request.query;
  const cursor = params.get('cursor');
  if (cursor !== null) {
    try {
      params = new URLSearchParams(Buffer.from(cursor, 'base64').toString('utf8'));
    } catch {
      return hqError(400, 'Invalid cursor');
    }
  }
  for (const key of params.keys()) {
    if (
      !SIMPLE.has(key) &&
      !key.startsWith('properties.') &&
      !key.startsWith('indices.') &&
      !isDateFilter(key)
    ) {
      return hqError(400, `'${key}' is not a valid parameter.`);
    }
  }
  const limit = Number.parseInt(params.get('limit') ?? '20', 10);
  if (!Number.isFinite(limit) || limit < 1) return hqError(400, "'limit' must be a positive integer");
  if (limit > MAX) return hqError(400, `You cannot request more than ${MAX} cases per request.`);
  const parsed = buildQuery(params);
  if ('error' in parsed) return hqError(400, parsed.error);
  const { range, predicates } = parsed;
  const matches = (c: SimCase) => predicates.every((p) => p(c));
  const page: SimCase[] = [];
  let total = 0;
  if (predicates.length === 0) {
    total = context.store.countOrdered(range);
    for (const index of context.store.ordered(range)) {
      if (page.length >= limit) break;
      page.push(context.store.get(index)!);
    }
  } else {
    for (const index of context.store.ordered(range)) {
      const c = context.store.get(index)!;
      if (!matches(c)) continue;
      total += 1;
      if (page.length < limit) page.push(c);
    }
  }
  const body: Record<string, unknown> = {
    matching_records: total,
    cases: page.map((c) => caseV2(c, context.project.domain)),
  };
  const last = page.at(-1);
  if (last && total > page.length) {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    next.set('indexed_on.gte', isoMicros(last.indexedOn));
    next.set('last_case_id', last.caseId);
    const encoded = Buffer.from(next.toString(), 'utf8').toString('base64');
    body.next = `${request.origin}/a/${context.project.domain}/api/case/v2/?${new URLSearchParams({ cursor: encoded })}`;
  }
  return json(200, body);
}

function isDateFilter(key: string): boolean {
  const [field, op] = key.split('.');
  return (
    (DATE_FIELDS as readonly string[]).includes(field ?? '') && ['gt', 'gte', 'lt', 'lte'].includes(op ?? '')
  );
}

function buildQuery(
  params: URLSearchParams,
): { range: OrderRange; predicates: Predicate[] } | { error: string } {
  const range: OrderRange = {};
  const predicates: Predicate[] = [];
  const anyOf = (key: string, read: (c: SimCase) => string | null | undefined) => {
    const values = params.getAll(key);
    if (values.length > 0) predicates.push((c) => values.includes(read(c) ?? ''));
  };
  const types = params.getAll('case_type');
  if (types.length === 1) range.caseType = types[0];
  else anyOf('case_type', (c) => c.caseType);
  anyOf('owner_id', (c) => c.ownerId);
  anyOf('case_name', (c) => c.caseName);
  anyOf('external_id', (c) => c.externalId);
  const closed = params.get('closed');
  if (closed !== null) {
    const wanted = !['', 'false', 'f', 'no', 'n', '0'].includes(closed.toLowerCase());
    predicates.push((c) => c.closed === wanted);
  }
  for (const [key, value] of params) {
    if (key.startsWith('properties.')) {
      const name = key.slice('properties.'.length);
      predicates.push((c) => (c.properties[name] ?? '') === value);
    } else if (key.startsWith('indices.')) {
      const identifier = key.slice('indices.'.length);
      predicates.push((c) => c.indices[identifier]?.caseId === value);
    } else if (isDateFilter(key)) {
      const at = parseMicros(value);
      if (at === undefined) return { error: `Cannot parse datetime '${value}'` };
      const [field, op] = key.split('.') as [(typeof DATE_FIELDS)[number], string];
      if (field === 'indexed_on') {
        if (op === 'gte' || op === 'gt') range.from = Math.max(range.from ?? 0, op === 'gt' ? at + 1 : at);
        else range.to = Math.min(range.to ?? Number.MAX_SAFE_INTEGER, op === 'lt' ? at - 1 : at);
        continue;
      }
      const read = (c: SimCase) =>
        ({
          last_modified: c.lastModified,
          server_last_modified: c.serverLastModified,
          date_opened: c.dateOpened,
          date_closed: c.dateClosed,
        })[field];
      predicates.push((c) => {
        const v = read(c);
        if (v === null) return false;
        return op === 'gt' ? v > at : op === 'gte' ? v >= at : op === 'lt' ? v < at : v <= at;
      });
    }
  }
  const lastCaseId = params.get('last_case_id');
  if (lastCaseId !== null && range.from !== undefined) range.afterCaseId = lastCaseId;
  return { range, predicates };
}

/** `GET …/case/v2/<id>` or `<id1>,<id2>` (§4). */
export function getCasesV2(ids: string, context: SimContext): Reply {
  const list = ids.split(',').filter((id) => id !== '');
  if (list.length === 1) {
    const found = context.store.byId(list[0]!);
    return found
      ? json(200, caseV2(found, context.project.domain))
      : hqError(404, `Case '${list[0]}' not found`);
  }
  return json(200, bulkResult(list, [], context));
}

/** `POST …/case/v2/bulk-fetch/` with `{"case_ids": [...], "external_ids": [...]}`. */
export function bulkFetchV2(request: SimRequest, context: SimContext): Reply {
  let body: { case_ids?: unknown; external_ids?: unknown };
  try {
    body = JSON.parse(request.body) as typeof body;
  } catch {
    return hqError(400, 'Payload must be valid JSON');
  }
  const caseIds = Array.isArray(body.case_ids) ? body.case_ids.map(String) : [];
  const externalIds = Array.isArray(body.external_ids) ? body.external_ids.map(String) : [];
  if (caseIds.length + externalIds.length > MAX) {
    return hqError(400, `You cannot request more than ${MAX} cases per request.`);
  }
  return json(200, bulkResult(caseIds, externalIds, context));
}

function bulkResult(caseIds: string[], externalIds: string[], context: SimContext) {
  const cases: unknown[] = [];
  let missing = 0;
  for (const id of caseIds) {
    const found = context.store.byId(id);
    if (found) cases.push(caseV2(found, context.project.domain));
    else {
      missing += 1;
      cases.push({ case_id: id, error: 'not found' });
    }
  }
  for (const id of externalIds) {
    const found = context.store.byExternalId(id);
    if (found) cases.push(caseV2(found, context.project.domain));
    else {
      missing += 1;
      cases.push({ external_id: id, error: 'not found' });
    }
  }
  return { matching_records: cases.length - missing, missing_records: missing, cases };
}
