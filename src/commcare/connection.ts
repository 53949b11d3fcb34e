import { DEFAULT_COMMCARE_URL } from '../config/defaults.ts';
import { AppError } from '../core/errors.ts';
import { isHttpUrl } from '../core/urls.ts';

export { DEFAULT_COMMCARE_URL };

/** Where and as whom one destination talks to CommCare. The key never leaves the Authorization header. */
export interface CommCareConnection {
  /** Server base URL; any self-hosted or regional server (india., swiss.) is allowed. */
  baseUrl?: string;
  /** The project space ("domain"). */
  domain: string;
  /** The web user's email the API key belongs to. */
  username: string;
  apiKey: string;
}

export function normalizeBaseUrl(raw: string | undefined): string {
  const base = (raw ?? DEFAULT_COMMCARE_URL).trim().replace(/\/+$/, '');
  if (!isHttpUrl(base)) {
    throw new AppError('config_invalid', `CommCare server URL "${base}" is not an http(s) URL`);
  }
  return base;
}

export function authorizationHeader(connection: CommCareConnection): string {
  return `ApiKey ${connection.username}:${connection.apiKey}`;
}

/** `/a/<domain>/<path>` on the connection's server, with query parameters (repeated keys allowed). */
export function projectUrl(baseUrl: string, domain: string, path: string, query: QueryParams = {}): string {
  const url = new URL(`${baseUrl}/a/${encodeURIComponent(domain)}/${path.replace(/^\/+/, '')}`);
  appendQuery(url, query);
  return url.toString();
}

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;
export type QueryParams = Record<string, QueryValue>;

export function appendQuery(url: URL, query: QueryParams): void {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(one));
  }
}
