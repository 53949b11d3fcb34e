import { AppError, type ErrorCode } from '../core/errors.ts';
import { redactUrl } from '../core/urls.ts';

/**
 * Turns an HTTP failure into an AppError that names the URL and what to check — never the API key, which only
 * travels in the Authorization header. `retryAfterMs` rides along in details for the retry loop.
 */
export function statusError(
  method: string,
  url: string,
  status: number,
  body: string,
  domain: string,
  retryAfterMs?: number,
): AppError {
  const where = `${method} ${redactUrl(url)}`;
  const said = hqErrorText(body);
  const suffix = said ? ` CommCare said: "${said}".` : '';
  const details = { status, url: redactUrl(url), retryAfterMs };
  const make = (code: ErrorCode, message: string, retryable: boolean) =>
    new AppError(code, `${message}${suffix}`, { retryable, details });

  if (status === 401) {
    return make(
      'unauthorized',
      `CommCare answered 401 to ${where}: check the CommCare username and API key (revoked, expired or limited to other IP addresses), that the user belongs to project space "${domain}", and that the plan includes API access.`,
      false,
    );
  }
  if (status === 403) {
    return make(
      'forbidden',
      `CommCare answered 403 to ${where}: the CommCare user lacks a permission here — check its role in "${domain}" (API access, Edit Data, export/report access) and any location restriction.`,
      false,
    );
  }
  if (status === 404) {
    return make(
      'not_found',
      `CommCare answered 404 to ${where}: check the server URL, the project space "${domain}" and the id or export URL.`,
      false,
    );
  }
  if (status === 429) {
    return make('rate_limited', `CommCare is throttling requests (429) to ${where}.`, true);
  }
  if (status >= 500) {
    return make('upstream_unavailable', `CommCare answered ${status} to ${where}.`, true);
  }
  if (status >= 300 && status < 400) {
    return make(
      'upstream_protocol',
      `CommCare redirected ${where} (${status}): check the server URL (scheme and host) and the project space "${domain}".`,
      false,
    );
  }
  return make('upstream_protocol', `CommCare answered ${status} to ${where}.`, false);
}

/** HQ's JSON errors look like `{"error": "..."}`; anything else is not quoted (it may be a whole HTML page). */
function hqErrorText(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error.slice(0, 300).replace(/\s+/g, ' ');
  } catch {
    // not JSON after all
  }
  return undefined;
}

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** Network-level failures (reset, refused, cut mid-body) are worth retrying. */
export function transportError(method: string, url: string, thrown: unknown): AppError {
  const code = errorCode(thrown);
  const where = `${method} ${redactUrl(url)}`;
  const reason = code ?? (thrown instanceof Error ? thrown.message : String(thrown));
  const known = code !== undefined && CONNECTION_CODES.has(code);
  const isFetchFailure = thrown instanceof TypeError; // undici: "fetch failed" / "terminated"
  return new AppError('connection', `Connection to CommCare failed for ${where} (${reason}).`, {
    retryable: known || isFetchFailure,
    cause: thrown,
    details: { url: redactUrl(url) },
  });
}

export function timeoutError(method: string, url: string, timeoutMs: number): AppError {
  return new AppError(
    'timeout',
    `CommCare did not answer ${method} ${redactUrl(url)} within ${Math.round(timeoutMs / 1000)} s.`,
    { retryable: true, details: { url: redactUrl(url) } },
  );
}

function errorCode(thrown: unknown): string | undefined {
  let current: unknown = thrown;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
