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
 * `indexed_on_start=<last indexed_on seen>`, rather than plain offsets (which shift as cases change). The start
 * is inclusive, so cases at the boundary instant come back: we skip as many with `offset` (a batch update can
 * give thousands of cases one instant) and drop any we still see twice. A page with nothing new means the
 * server repeats itself, and we fail instead of looping.
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
  /** Ids already yielded whose indexed_on is exactly `start`. */
  let boundary = new Set<string>();
  for (;;) {
    const offset = boundary.size;
    const url = http.url('api/v0.5/case/', {
      type: filters.caseType,
      owner_id: filters.ownerId,
      closed: filters.closed,
      indexed_on_start: start === undefined ? undefined : toNaiveUtc(start),
      order_by: 'indexed_on',
      limit,
      offset: offset > 0 ? offset : undefined,
    });
    guard.visit(url);
    const page = assertTastypie(await http.getJson<TastypieList<CaseV1>>(url), url);
    const fresh = page.objects.filter((c) => !boundary.has(c.case_id));
    if (fresh.length > 0) yield fresh;
    const last = page.objects.at(-1);
    if (!last || page.objects.length < limit || offset + page.objects.length >= page.meta.total_count) return;
    if (fresh.length === 0) {
      throw new AppError(
        'upstream_protocol',
        `CommCare returned the same v0.5 case page again (indexed_on ${last.indexed_on}); stopping to avoid an endless loop.`,
      );
    }
    const atLast = page.objects
      .filter((c) => sameInstant(c.indexed_on, last.indexed_on))
      .map((c) => c.case_id);
    if (start !== undefined && sameInstant(start, last.indexed_on)) {
      boundary = new Set([...boundary, ...atLast]);
    } else {
      boundary = new Set(atLast);
      start = last.indexed_on;
    }
  }
}

export async function getCaseV05(http: CommCareHttp, caseId: string): Promise<CaseV1> {
  return http.getJson<CaseV1>(http.url(`api/v0.5/case/${encodeURIComponent(caseId)}/`));
}
