import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP server serving hand-written export-feed pages, for cases the simulator's generated data never
 * has (keyless rows, an empty feed). It checks the API key like HQ, so the real client is exercised.
 */
export async function startFeedServer(auth = 'ApiKey user@example.org:key'): Promise<{
  url: string;
  feedUrl: string;
  setPage(html: string): void;
  close(): Promise<void>;
}> {
  let page = '';
  const server: Server = createServer((request, response) => {
    if (request.headers.authorization !== auth) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm=""' }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feedUrl: `${url}/a/demo/data/export/custom/dailysaved/download/abc123/`,
    setPage(html) {
      page = html;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** HQ's feed layout (commcare-api.md §10) around the given header and rows (already HTML-escaped). */
export function feedPage(headers: string[], rows: string[][]): string {
  const th = headers.map((h) => `              <th>${h}</th>\n`).join('');
  const body = rows
    .map(
      (row) =>
        `          <tr>\n${row.map((cell) => `              <td>${cell}</td>\n`).join('')}          </tr>\n`,
    )
    .join('');
  return `<!DOCTYPE HTML>\n<html>\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n    <title>Dashboard</title>\n  </head>\n  <body>\n      <table>\n        <thead>\n          <tr>\n${th}          </tr>\n        </thead>\n        <tbody>\n${body}        </tbody>\n      </table>\n  </body>\n</html>\n`;
}
