import { sleep } from '../core/clock.ts';

/**
 * Spaces requests evenly so we slow down before HQ throttles a project (HQ limits per project space, §8).
 * Share one limiter between every client of the same project; `createRateLimiters()` keeps them by key.
 */
export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export const DEFAULT_REQUESTS_PER_SECOND = 5;

export function createRateLimiter(
  requestsPerSecond: number = DEFAULT_REQUESTS_PER_SECOND,
  now: () => number = () => performance.now(),
): RateLimiter {
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    return { acquire: async () => {} };
  }
  const interval = 1000 / requestsPerSecond;
  let nextSlot = 0;
  return {
    async acquire(signal) {
      const current = now();
      const slot = Math.max(current, nextSlot);
      nextSlot = slot + interval; // reserve before waiting so concurrent callers queue up in order
      if (slot > current) await sleep(slot - current, signal);
    },
  };
}

/** One limiter per project (server + domain), so parallel syncs of one project share its budget. */
export function createRateLimiters(requestsPerSecond: number = DEFAULT_REQUESTS_PER_SECOND) {
  const limiters = new Map<string, RateLimiter>();
  return {
    forProject(baseUrl: string, domain: string): RateLimiter {
      const key = `${baseUrl}|${domain}`;
      let limiter = limiters.get(key);
      if (!limiter) {
        limiter = createRateLimiter(requestsPerSecond);
        limiters.set(key, limiter);
      }
      return limiter;
    },
  };
}
