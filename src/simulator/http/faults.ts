import { AppError } from '../../core/errors.ts';

/**
 * Trouble on demand. Each fault hits the next `times` API requests whose path contains `path` (default: all),
 * then disappears; `times: -1` keeps it until cleared.
 * - `rate_limit`: 429, empty body, `Retry-After: retryAfterSeconds` unless that is null/absent.
 * - `server_error`: `status` (default 503), HQ-ish HTML body.
 * - `status`: any status with an optional body (403, 404, 401 `{"error": …}` …).
 * - `latency`: waits `latencyMs` before answering normally.
 * - `reset`: drops the connection before answering.
 * - `cut`: answers normally but drops the connection after `afterBytes` of the body.
 * - `truncate`: ends the body cleanly after `afterBytes` (a page that just stops).
 */
export type FaultKind = 'rate_limit' | 'server_error' | 'status' | 'latency' | 'reset' | 'cut' | 'truncate';

export interface FaultSpec {
  kind: FaultKind;
  times?: number;
  path?: string;
  retryAfterSeconds?: number | null;
  status?: number;
  body?: string;
  latencyMs?: number;
  afterBytes?: number;
}

const KINDS: FaultKind[] = ['rate_limit', 'server_error', 'status', 'latency', 'reset', 'cut', 'truncate'];

export function validateFault(value: unknown): FaultSpec {
  const spec = value as FaultSpec;
  if (typeof spec !== 'object' || spec === null || !KINDS.includes(spec.kind)) {
    throw new AppError('validation', `fault kind must be one of ${KINDS.join(', ')}`);
  }
  return spec;
}

export class FaultQueue {
  private faults: Array<FaultSpec & { remaining: number }> = [];

  add(spec: FaultSpec): void {
    const checked = validateFault(spec);
    this.faults.push({ ...checked, remaining: checked.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, ...spec }) => ({ ...spec, times: remaining }));
  }

  /** The faults that apply to this request (at most one of each kind), consuming one use of each. */
  take(path: string): FaultSpec[] {
    const taken: FaultSpec[] = [];
    for (const fault of this.faults) {
      if (fault.path !== undefined && !path.includes(fault.path)) continue;
      if (taken.some((other) => other.kind === fault.kind)) continue;
      taken.push(fault);
      if (fault.remaining > 0) fault.remaining -= 1;
    }
    this.faults = this.faults.filter((fault) => fault.remaining !== 0);
    return taken;
  }
}
