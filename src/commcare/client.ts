import { type CommCareHttp, type CommCareHttpOptions, createCommCareHttp } from './http-client.ts';
import { bulkFetchCases, type CaseV2Filters, getCaseV2, listCasesV2 } from './resources/cases-v2.ts';
import { type CaseV05Filters, getCaseV05, listCasesV05 } from './resources/cases-v05.ts';
import { exportFeedUrl, fetchExportFeed, openExportFeed } from './resources/export-feed.ts';
import { type FormFilters, getForm, listForms } from './resources/forms.ts';
import { getLocationV1, getLocationV2 } from './resources/locations.ts';
import { getMobileWorker, getWebUser, listMobileWorkers } from './resources/users.ts';

/**
 * Everything the sync pipeline asks CommCare, bound to one destination's connection. Build one per
 * destination (sharing a rate limiter per project) and pass it in; the functions in resources/ take the bare
 * transport for callers that prefer them.
 */
export function createCommCareClient(options: CommCareHttpOptions) {
  const http: CommCareHttp = createCommCareHttp(options);
  return {
    http,
    domain: http.domain,
    baseUrl: http.baseUrl,
    listCasesV2: (filters?: CaseV2Filters) => listCasesV2(http, filters),
    getCaseV2: (caseId: string) => getCaseV2(http, caseId),
    bulkFetchCases: (ids: { caseIds?: string[]; externalIds?: string[] }) => bulkFetchCases(http, ids),
    listCasesV05: (filters?: CaseV05Filters) => listCasesV05(http, filters),
    getCaseV05: (caseId: string) => getCaseV05(http, caseId),
    getMobileWorker: (userId: string) => getMobileWorker(http, userId),
    getWebUser: (userId: string) => getWebUser(http, userId),
    listMobileWorkers: (limit?: number) => listMobileWorkers(http, limit),
    getLocationV1: (locationId: string) => getLocationV1(http, locationId),
    getLocationV2: (locationId: string) => getLocationV2(http, locationId),
    listForms: (filters?: FormFilters) => listForms(http, filters),
    getForm: (formId: string) => getForm(http, formId),
    exportFeedUrl: (exportId: string) => exportFeedUrl(http, exportId),
    openExportFeed: (exportUrl: string) => openExportFeed(http, exportUrl),
    fetchExportFeed: (exportUrl: string) => fetchExportFeed(http, exportUrl),
  };
}

export type CommCareClient = ReturnType<typeof createCommCareClient>;
