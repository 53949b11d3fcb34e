import { type Clock, sleep, systemClock } from '../core/clock.ts';
import { AppError, isAppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { redactUrl, sameOrigin } from '../core/urls.ts';
import {
  authorizationHeader,
  type CommCareConnection,
  normalizeBaseUrl,
  projectUrl,
  type QueryParams,
} from './connection.ts';
import { statusError, timeoutError, transportError } from './http-errors.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry-policy.ts';

export interface CommCareHttpOptions {
  connection: CommCareConnection;
  logger: Logger;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Share one per project (see `createRateLimiters`); otherwise this client gets its own. */
  rateLimiter?: RateLimiter;
  /** Used only when no `rateLimiter` is given. Default 5; 0 disables. */
  requestsPerSecond?: number;
  /** Jitter source, replaceable in tests. */
  random?: () => number;
  /** Cancels waits and requests (shutdown). */
  signal?: AbortSignal;
}

/** The transport under every resource: auth, rate limit, timeouts and retries. */
export interface CommCareHttp {
  readonly baseUrl: string;
  readonly domain: string;
  /** An absolute URL under `/a/<domain>/`. */
  url(path: string, query?: QueryParams): string;
  getJson<T>(url: string): Promise<T>;
  postJson<T>(url: string, body: unknown): Promise<T>;
  /**
   * The body as a byte stream, for the export feed. Retries happen only until the response starts; a failure
   * mid-body (reset, idle timeout) is thrown from the iteration as a retryable AppError for the caller to handle.
   */
  getStream(url: string): Promise<AsyncIterable<Uint8Array>>;
}

const TIMED_OUT = Symbol('commcare request timed out');

export function createCommCareHttp(options: CommCareHttpOptions): CommCareHttp {
  const baseUrl = normalizeBaseUrl(options.connection.baseUrl);
  const domain = options.connection.domain;
  const auth = authorizationHeader(options.connection);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const limiter = options.rateLimiter ?? createRateLimiter(options.requestsPerSecond);
  const log = options.logger;

  function assertOwnServer(url: string): void {
    // The key goes wherever we send the request: never follow a URL (a `next` cursor, an export URL) elsewhere.
    if (!sameOrigin(url, baseUrl)) {
      throw new AppError(
        'upstream_protocol',
        `Refusing to send CommCare credentials to ${redactUrl(url)}: it is not on the configured server ${baseUrl}.`,
      );
    }
  }

  async function withRetries<T>(method: string, url: string, attempt: () => Promise<T>): Promise<T> {
    assertOwnServer(url);
    const started = clock.now().getTime();
    for (let failures = 1; ; failures += 1) {
      try {
        return await attempt();
      } catch (thrown) {
        if (options.signal?.aborted) throw thrown;
        const error = isAppError(thrown) ? thrown : transportError(method, url, thrown);
        if (!error.retryable) throw error;
        const hinted = error.details?.retryAfterMs;
        const wait = typeof hinted === 'number' ? hinted : backoffDelay(failures, policy, random);
        const elapsed = clock.now().getTime() - started;
        if (elapsed + wait > policy.totalTimeMs) {
          throw new AppError(
            error.code,
            `${error.message} Gave up after ${failures} attempts in ${Math.round(elapsed / 1000)} s.`,
            { retryable: true, cause: error, details: error.details },
          );
        }
        log.warn(
          {
            url: redactUrl(url),
            code: error.code,
            status: error.details?.status,
            attempt: failures,
            waitMs: wait,
          },
          'CommCare request failed; retrying',
        );
        await sleep(wait, options.signal);
      }
    }
  }

  /** One request whose whole body is read within the timeout. */
  async function fetchText(method: string, url: string, body?: string): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), policy.requestTimeoutMs);
    const onCancel = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      await limiter.acquire(options.signal);
      const response = await fetch(url, {
        method,
        headers: requestHeaders(body !== undefined),
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return text;
      throw statusFailure(method, url, response, text);
    } catch (thrown) {
      if (controller.signal.reason === TIMED_OUT) throw timeoutError(method, url, policy.requestTimeoutMs);
      throw thrown;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    }
  }

  function requestHeaders(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Authorization: auth, Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = 'application/json';
    return headers;
  }

  function statusFailure(method: string, url: string, response: Response, text: string): AppError {
    const retryAfter =
      response.status === 429
        ? parseRetryAfter(response.headers.get('retry-after'), clock.now().getTime())
        : undefined;
    return statusError(method, url, response.status, text, domain, retryAfter);
  }

  function parseJson<T>(method: string, url: string, text: string): T {
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new AppError(
        'upstream_protocol',
        `CommCare answered ${method} ${redactUrl(url)} with a body that is not JSON (${text.length} bytes): check the server URL.`,
        { cause },
      );
    }
  }

  async function openStream(url: string): Promise<AsyncIterable<Uint8Array>> {
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(TIMED_OUT), policy.requestTimeoutMs);
    const restartTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(TIMED_OUT), policy.requestTimeoutMs);
    };
    const onCancel = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onCancel, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    };
    let response: Response;
    try {
      await limiter.acquire(options.signal);
      response = await fetch(url, {
        headers: { Authorization: auth, Accept: 'text/html' },
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.status < 200 || response.status >= 300) {
        throw statusFailure('GET', url, response, await response.text());
      }
    } catch (thrown) {
      cleanup();
      if (controller.signal.reason === TIMED_OUT) throw timeoutError('GET', url, policy.requestTimeoutMs);
      throw thrown;
    }
    const body = response.body;
    return {
      async *[Symbol.asyncIterator]() {
        if (!body) return cleanup();
        const reader = body.getReader();
        try {
          for (;;) {
            restartTimer();
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        } catch (thrown) {
          if (controller.signal.reason === TIMED_OUT) throw timeoutError('GET', url, policy.requestTimeoutMs);
          throw isAppError(thrown) ? thrown : transportError('GET', url, thrown);
        } finally {
          cleanup();
          reader.releaseLock();
          // Leaving early (a parse error, a consumer that stopped) must not leave the socket streaming.
          if (!controller.signal.aborted) controller.abort();
        }
      },
    };
  }

  return {
    baseUrl,
    domain,
    url: (path, query) => projectUrl(baseUrl, domain, path, query),
    getJson: <T>(url: string) =>
      withRetries('GET', url, async () => parseJson<T>('GET', url, await fetchText('GET', url))),
    postJson: <T>(url: string, body: unknown) =>
      withRetries('POST', url, async () =>
        parseJson<T>('POST', url, await fetchText('POST', url, JSON.stringify(body))),
      ),
    getStream: (url) => withRetries('GET', url, () => openStream(url)),
  };
}
