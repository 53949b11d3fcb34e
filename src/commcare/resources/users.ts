import type { CommCareHttp } from '../http-client.ts';
import type { MobileWorker, WebUser } from '../types.ts';
import { pageTastypie } from './tastypie.ts';

/** A web-user id (e.g. `opened_by` of an API-created case) is a 404 here; try `getWebUser` then. */
export function getMobileWorker(http: CommCareHttp, userId: string): Promise<MobileWorker> {
  return http.getJson<MobileWorker>(http.url(`api/v0.5/user/${encodeURIComponent(userId)}/`));
}

export function getWebUser(http: CommCareHttp, userId: string): Promise<WebUser> {
  return http.getJson<WebUser>(http.url(`api/v0.5/web-user/${encodeURIComponent(userId)}/`));
}

export function listMobileWorkers(http: CommCareHttp, limit = 100): AsyncGenerator<MobileWorker[]> {
  return pageTastypie<MobileWorker>(http, http.url('api/v0.5/user/', { limit }), 'mobile worker');
}
