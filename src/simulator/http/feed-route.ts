import { feedStream } from '../render/feed-html.ts';
import type { SimContext } from './context.ts';
import { djangoPage, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';

/** `/a/<domain>/data/export/custom/dailysaved/download/<id>/`: unknown export → 404 page (§10). */
export function exportFeed(exportId: string, request: SimRequest, context: SimContext): Reply {
  const feed = context.feeds.find((f) => f.exportId === exportId);
  if (!feed) return djangoPage(404, 'Page Not Found');
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: feedStream({
      store: context.store,
      project: context.project,
      caseType: feed.caseType,
      origin: request.origin,
    }),
  };
}
