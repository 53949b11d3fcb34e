import { AppError } from '../../core/errors.ts';
import type { QueryParams } from '../connection.ts';
import type { CommCareHttp } from '../http-client.ts';
import { createPageGuard } from '../paging-guard.ts';
import type { CaseV2, CaseV2BulkResult, CaseV2Page } from '../types.ts';

export const CASE_V2_MAX_LIMIT = 5000;

export interface CaseV2Filters {
  caseType?: string;
  /** Resume point: an ISO date-time (offsets allowed in v2). Cases at exactly this instant are included. */
  indexedOnGte?: string;
  limit?: number;
  closed?: boolean;
  ownerId?: string;
  /** Any other documented v2 filter, e.g. `{'properties.dob': '1948-11-02'}`. */
  extra?: QueryParams;
}

/**
 * Pages of the Case API v2 list, oldest `indexed_on` first, following HQ's absolute `next` cursor until it is
 * absent. After each page a caller may store `checkpointOf(page)`; the next run passes it as `indexedOnGte`
 * (overlapping by the cases at that instant, which re-apply idempotently).
 */
export async function* listCasesV2(
  http: CommCareHttp,
  filters: CaseV2Filters = {},
): AsyncGenerator<CaseV2Page> {
  const limit = filters.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > CASE_V2_MAX_LIMIT) {
    throw new AppError('validation', `Case API v2 limit must be 1–${CASE_V2_MAX_LIMIT}, got ${limit}`);
  }
  const guard = createPageGuard('Case API v2');
  let url: string | undefined = http.url('api/case/v2/', {
    case_type: filters.caseType,
    'indexed_on.gte': filters.indexedOnGte,
    closed: filters.closed,
    owner_id: filters.ownerId,
    limit,
    ...filters.extra,
  });
  while (url) {
    guard.visit(url);
    const page = assertPage(await http.getJson<CaseV2Page>(url), url);
    yield page;
    if (page.next && page.cases.length === 0) {
      throw new AppError('upstream_protocol', 'CommCare sent an empty Case API v2 page with a next cursor');
    }
    url = page.next || undefined;
  }
}

/** Where to resume after this page (undefined for an empty page). */
export function checkpointOf(page: { cases: CaseV2[] }): { indexedOn: string; caseId: string } | undefined {
  const last = page.cases.at(-1);
  return last ? { indexedOn: last.indexed_on, caseId: last.case_id } : undefined;
}

export async function getCaseV2(http: CommCareHttp, caseId: string): Promise<CaseV2> {
  return http.getJson<CaseV2>(http.url(`api/case/v2/${encodeURIComponent(caseId)}`));
}

/**
 * `POST …/case/v2/bulk-fetch/`. More than 5000 ids are split into several requests and merged; results keep
 * HQ's order (case ids first, then external ids), misses appear as `{case_id|external_id, error}`.
 */
export async function bulkFetchCases(
  http: CommCareHttp,
  ids: { caseIds?: string[]; externalIds?: string[] },
): Promise<CaseV2BulkResult> {
  const requests = [
    ...chunk(ids.caseIds ?? [], CASE_V2_MAX_LIMIT).map((case_ids) => ({ case_ids })),
    ...chunk(ids.externalIds ?? [], CASE_V2_MAX_LIMIT).map((external_ids) => ({ external_ids })),
  ];
  const merged: CaseV2BulkResult = { matching_records: 0, missing_records: 0, cases: [] };
  for (const body of requests) {
    const url = http.url('api/case/v2/bulk-fetch/');
    const result = await http.postJson<CaseV2BulkResult>(url, body);
    if (!Array.isArray(result?.cases)) {
      throw new AppError('upstream_protocol', 'CommCare bulk-fetch answer has no "cases" array');
    }
    merged.matching_records += result.matching_records ?? 0;
    merged.missing_records += result.missing_records ?? 0;
    merged.cases.push(...result.cases);
  }
  return merged;
}

export function isCaseMiss(entry: CaseV2BulkResult['cases'][number]): entry is { error: string } {
  return 'error' in entry;
}

function assertPage(page: CaseV2Page, url: string): CaseV2Page {
  if (!page || !Array.isArray(page.cases) || typeof page.matching_records !== 'number') {
    throw new AppError('upstream_protocol', `Case API v2 answer for ${url} lacks "cases"/"matching_records"`);
  }
  return page;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
