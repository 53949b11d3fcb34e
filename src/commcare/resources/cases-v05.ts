import { AppError } from '../../core/errors.ts';
import { sameInstant, toNaiveUtc } from '../dates.ts';
import type { CommCareHttp } from '../http-client.ts';
import { createPageGuard } from '../paging-guard.ts';
import type { CaseV1, TastypieList } from '../types.ts';
import { assertTastypie } from './tastypie.ts';

export const CASE_V05_MAX_LIMIT = 5000;

export interface CaseV05Filters {
  caseType?: string;
  /** Resume point (any CommCare date form; sent naive UTC as v0.5 requires). Inclusive. */
  indexedOnStart?: string;
  limit?: number;
  closed?: boolean;
  ownerId?: string;
}

/**
 * Pages of the v0.5 case list the way commcare-export pages it: `order_by=indexed_on` and
 * `indexed_on_start=<last indexed_on seen>`, rather than tastypie offsets (which shift as cases change).
 * Because the start is inclusive, cases at the boundary instant come back and are skipped. If a whole page
 * shares one instant no progress is possible, and we fail instead of looping.
 */
export async function* listCasesV05(
  http: CommCareHttp,
  filters: CaseV05Filters = {},
): AsyncGenerator<CaseV1[]> {
  const limit = filters.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > CASE_V05_MAX_LIMIT) {
    throw new AppError('validation', `Case API v0.5 limit must be 1–${CASE_V05_MAX_LIMIT}, got ${limit}`);
  }
  const guard = createPageGuard('Case API v0.5');
  let start = filters.indexedOnStart;
  let boundary = new Set<string>();
  for (;;) {
    const url = http.url('api/v0.5/case/', {
      type: filters.caseType,
      owner_id: filters.ownerId,
      closed: filters.closed,
      indexed_on_start: start === undefined ? undefined : toNaiveUtc(start),
      order_by: 'indexed_on',
      limit,
    });
    guard.visit(url);
    const page = assertTastypie(await http.getJson<TastypieList<CaseV1>>(url), url);
    const fresh = page.objects.filter((c) => !boundary.has(c.case_id));
    if (fresh.length > 0) yield fresh;
    const last = page.objects.at(-1);
    if (!last || page.objects.length < limit || page.objects.length >= page.meta.total_count) return;
    if (fresh.length === 0) {
      throw new AppError(
        'upstream_protocol',
        `CommCare returned the same v0.5 case page again: more than ${limit} cases share indexed_on ${last.indexed_on}; use a larger limit or the v2 API.`,
      );
    }
    const atLast = page.objects
      .filter((c) => sameInstant(c.indexed_on, last.indexed_on))
      .map((c) => c.case_id);
    boundary =
      start !== undefined && sameInstant(start, last.indexed_on)
        ? new Set([...boundary, ...atLast])
        : new Set(atLast);
    start = last.indexed_on;
  }
}

export async function getCaseV05(http: CommCareHttp, caseId: string): Promise<CaseV1> {
  return http.getJson<CaseV1>(http.url(`api/v0.5/case/${encodeURIComponent(caseId)}/`));
}
