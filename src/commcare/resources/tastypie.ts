import { AppError } from '../../core/errors.ts';
import type { CommCareHttp } from '../http-client.ts';
import { createPageGuard } from '../paging-guard.ts';
import type { TastypieList } from '../types.ts';

export function assertTastypie<T>(body: TastypieList<T>, url: string): TastypieList<T> {
  if (!body || !Array.isArray(body.objects) || typeof body.meta !== 'object' || body.meta === null) {
    throw new AppError('upstream_protocol', `CommCare answer for ${url} is not a meta/objects list`);
  }
  return body;
}

/**
 * Follows tastypie's relative `meta.next` until it is null or a page is empty (as commcare-export does),
 * skipping objects already seen by `id` (offset paging shifts when data changes underneath).
 */
export async function* pageTastypie<T extends { id?: unknown }>(
  http: CommCareHttp,
  firstUrl: string,
  what: string,
): AsyncGenerator<T[]> {
  const guard = createPageGuard(what);
  const seen = new Set<unknown>();
  let url: string | null = firstUrl;
  while (url) {
    guard.visit(url);
    const page: TastypieList<T> = assertTastypie(await http.getJson<TastypieList<T>>(url), url);
    const fresh = page.objects.filter((object) => object.id === undefined || !seen.has(object.id));
    for (const object of fresh) seen.add(object.id);
    if (fresh.length > 0) yield fresh;
    if (page.objects.length === 0 || !page.meta.next) return;
    url = new URL(page.meta.next, http.baseUrl).toString();
  }
}
