import type { IncomingMessage } from 'node:http';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** `http://host:port` as the client addressed us: HQ builds absolute URLs (v2 `next`) from it. */
  origin: string;
  body: string;
}

export async function readRequest(raw: IncomingMessage, maxBytes = 10 * 1024 * 1024): Promise<SimRequest> {
  const url = new URL(raw.url ?? '/', 'http://localhost');
  let body = '';
  if (raw.method === 'POST' || raw.method === 'PUT') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of raw) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) break;
      chunks.push(chunk as Buffer);
    }
    body = Buffer.concat(chunks).toString('utf8');
  }
  return {
    method: raw.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: raw.headers,
    origin: `http://${raw.headers.host ?? 'localhost'}`,
    body,
  };
}
