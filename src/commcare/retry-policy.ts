import { MINUTE, SECOND } from '../core/clock.ts';

/** How hard the client tries before giving up; tests pass tiny values, production keeps the defaults. */
export interface RetryPolicy {
  /** First backoff delay; doubles on each further failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up when the next wait would end after this much time since the first attempt. */
  totalTimeMs: number;
  /** Per attempt: until the whole JSON body arrived, or between two chunks of a streamed body. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  initialDelayMs: SECOND,
  maxDelayMs: MINUTE,
  totalTimeMs: 5 * MINUTE,
  requestTimeoutMs: MINUTE,
});

/** Exponential backoff with 0.5–1.5× jitter, so many workers do not retry in lock-step. */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + random()));
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds) * SECOND);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
