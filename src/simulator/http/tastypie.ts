import { json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';

/** limit (default 20, silently capped at the resource's max) and offset, as tastypie reads them. */
export function pageParams(request: SimRequest, max: number): { limit: number; offset: number } {
  const limit = Number.parseInt(request.query.get('limit') ?? '20', 10);
  const offset = Number.parseInt(request.query.get('offset') ?? '0', 10);
  return {
    limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, max) : 20,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

/** The `{meta, objects}` envelope with *relative* `next`/`previous` links that keep the filters. */
export function tastypieReply(
  request: SimRequest,
  page: { limit: number; offset: number },
  total: number,
  objects: unknown[],
): Reply {
  const link = (offset: number) => {
    const query = new URLSearchParams(request.query);
    query.set('limit', String(page.limit));
    query.set('offset', String(offset));
    return `${request.path}?${query.toString()}`;
  };
  return json(200, {
    meta: {
      limit: page.limit,
      next: page.offset + page.limit < total ? link(page.offset + page.limit) : null,
      offset: page.offset,
      previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
      total_count: total,
    },
    objects,
  });
}

/** Slices a small in-memory collection into a tastypie page. */
export function listReply<T>(
  request: SimRequest,
  items: T[],
  max: number,
  render: (item: T) => unknown,
): Reply {
  const page = pageParams(request, max);
  return tastypieReply(
    request,
    page,
    items.length,
    items.slice(page.offset, page.offset + page.limit).map(render),
  );
}
