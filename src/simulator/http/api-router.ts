import { checkAuth } from './auth.ts';
import { bulkFetchV2, getCasesV2, listCasesV2 } from './case-v2-routes.ts';
import { getCaseV05, listCasesV05 } from './case-v05-routes.ts';
import type { SimContext } from './context.ts';
import { exportFeed } from './feed-route.ts';
import { getForm, listForms } from './form-routes.ts';
import { peopleRoute } from './people-routes.ts';
import { djangoPage, hqError, json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';

/** `/api/<alias>/` spellings HQ accepts for each resource (§2: v0.5 ≡ v1, v0.6 ≡ v2). */
const ALIASES: Array<[RegExp, string]> = [
  [/^api\/(?:v0\.5\/case|case\/v1)$/, 'case-v05'],
  [/^api\/(?:case\/v2|v0\.6\/case)$/, 'case-v2'],
  [/^api\/(?:v0\.5\/user|user\/v1)$/, 'user'],
  [/^api\/(?:v0\.5\/web-user|web-user\/v1)$/, 'web-user'],
  [/^api\/(?:v0\.5\/location|location\/v1)$/, 'location'],
  [/^api\/(?:location\/v2|v0\.6\/location)$/, 'location-v2'],
  [/^api\/(?:v0\.5\/location_type|location_type\/v1)$/, 'location_type'],
  [/^api\/(?:v0\.5\/form|form\/v1)$/, 'form'],
];

/** Every CommCare endpoint the product uses, behind HQ's auth. Trailing slashes are optional (§11.3). */
export function routeApi(request: SimRequest, context: SimContext): Reply {
  const match = /^\/a\/([^/]+)\/(.*?)\/?$/.exec(request.path);
  if (!match) return djangoPage(404, 'Page Not Found');
  const denied = checkAuth(request.headers.authorization, context.credentials);
  if (denied) return denied;
  const [, domain, rest = ''] = match;
  if (decodeURIComponent(domain!) !== context.project.domain) return json(401, { error: 'not authorized' });

  const feed = /^data\/export\/custom\/dailysaved\/download\/([^/]+)$/.exec(rest);
  if (feed)
    return request.method === 'GET'
      ? exportFeed(feed[1]!, request, context)
      : djangoPage(405, 'Method Not Allowed');

  if (/^api\/(?:case\/v2|v0\.6\/case)\/bulk-fetch$/.test(rest)) {
    return request.method === 'POST'
      ? bulkFetchV2(request, context)
      : hqError(405, 'Request method not allowed');
  }
  for (const [pattern, resource] of ALIASES) {
    const base = pattern.source.slice(1, -1);
    const detail = new RegExp(`^${base}(?:/([^/]+))?$`).exec(rest);
    if (!detail) continue;
    const id = detail[1] === undefined ? undefined : decodeURIComponent(detail[1]);
    if (request.method !== 'GET') return hqError(405, 'Request method not allowed');
    switch (resource) {
      case 'case-v2':
        return id === undefined ? listCasesV2(request, context) : getCasesV2(id, context);
      case 'case-v05':
        return id === undefined ? listCasesV05(request, context) : getCaseV05(id, context);
      case 'form':
        return id === undefined ? listForms(request, context) : getForm(id, context);
      default:
        return peopleRoute(resource, id, request, context) ?? djangoPage(404, 'Page Not Found');
    }
  }
  return djangoPage(404, 'Page Not Found');
}
