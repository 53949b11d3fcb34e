import { type ExportFeed, readExportFeed } from '../feed/feed-parser.ts';
import type { CommCareHttp } from '../http-client.ts';

/**
 * The feed page's bytes (`/a/<domain>/data/export/custom/dailysaved/download/<id>/`). The URL must be on the
 * configured server, or the key would be sent elsewhere.
 */
export function openExportFeed(http: CommCareHttp, exportUrl: string): Promise<AsyncIterable<Uint8Array>> {
  return http.getStream(exportUrl);
}

/** Fetches and parses as the bytes arrive: headers first, then rows lazily. */
export async function fetchExportFeed(http: CommCareHttp, exportUrl: string): Promise<ExportFeed> {
  return readExportFeed(await openExportFeed(http, exportUrl));
}

export function exportFeedUrl(http: CommCareHttp, exportId: string): string {
  return http.url(`data/export/custom/dailysaved/download/${encodeURIComponent(exportId)}/`);
}
