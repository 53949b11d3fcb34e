import { createCommCareClient } from '../../../src/commcare/client.ts';
import type { RetryPolicy } from '../../../src/commcare/retry-policy.ts';
import { silentLogger } from '../../../src/core/log.ts';
import type { Simulator } from '../../../src/simulator/index.ts';

/** A client for the simulator with tiny backoff so fault tests stay fast. */
export function clientFor(sim: Simulator, retry: Partial<RetryPolicy> = {}, apiKey = sim.apiKey) {
  return createCommCareClient({
    connection: { baseUrl: sim.url, domain: sim.domain, username: sim.username, apiKey },
    logger: silentLogger(),
    requestsPerSecond: 0,
    retry: { initialDelayMs: 5, maxDelayMs: 20, totalTimeMs: 2000, requestTimeoutMs: 2000, ...retry },
  });
}

export async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}
