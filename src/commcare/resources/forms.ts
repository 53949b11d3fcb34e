import { AppError } from '../../core/errors.ts';
import { toNaiveUtc } from '../dates.ts';
import type { CommCareHttp } from '../http-client.ts';
import type { FormV1 } from '../types.ts';
import { pageTastypie } from './tastypie.ts';

export const FORM_MAX_LIMIT = 1000;

export interface FormFilters {
  xmlns?: string;
  appId?: string;
  caseId?: string;
  receivedOnStart?: string;
  receivedOnEnd?: string;
  indexedOnStart?: string;
  orderBy?: 'indexed_on' | 'server_modified_on' | 'received_on' | '-received_on';
  limit?: number;
}

/** Pages of the v0.5 form list, following tastypie's relative `next`. */
export function listForms(http: CommCareHttp, filters: FormFilters = {}): AsyncGenerator<FormV1[]> {
  const limit = filters.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > FORM_MAX_LIMIT) {
    throw new AppError('validation', `Form API limit must be 1–${FORM_MAX_LIMIT}, got ${limit}`);
  }
  const naive = (value: string | undefined) => (value === undefined ? undefined : toNaiveUtc(value));
  const url = http.url('api/v0.5/form/', {
    xmlns: filters.xmlns,
    app_id: filters.appId,
    case_id: filters.caseId,
    received_on_start: naive(filters.receivedOnStart),
    received_on_end: naive(filters.receivedOnEnd),
    indexed_on_start: naive(filters.indexedOnStart),
    order_by: filters.orderBy,
    limit,
  });
  return pageTastypie<FormV1>(http, url, 'form');
}

export function getForm(http: CommCareHttp, formId: string): Promise<FormV1> {
  return http.getJson<FormV1>(http.url(`api/v0.5/form/${encodeURIComponent(formId)}/`));
}
