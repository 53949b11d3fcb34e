import { type CommCareClient, createCommCareClient } from '../commcare/client.ts';
import { createRateLimiters } from '../commcare/rate-limiter.ts';
import type { RetryPolicy } from '../commcare/retry-policy.ts';
import type { Logger } from '../core/log.ts';
import type { DestinationWithSecrets } from '../db/repositories/destinations.ts';

/**
 * Builds CommCare clients for destinations. Every client of one project shares one rate limiter, so several
 * sources (and webhooks) of a project together stay under the pace we promised HQ.
 */
export function commcareClientFactory(options: {
  log: Logger;
  requestsPerSecond?: number;
  retry?: Partial<RetryPolicy>;
}): (destination: DestinationWithSecrets) => CommCareClient {
  const limiters = createRateLimiters(options.requestsPerSecond);
  return (destination) =>
    createCommCareClient({
      connection: {
        baseUrl: destination.commcareUrl,
        domain: destination.projectSpace,
        username: destination.commcareUsername,
        apiKey: destination.commcareApiKey,
      },
      logger: options.log.child({ destination: destination.id }),
      rateLimiter: limiters.forProject(destination.commcareUrl, destination.projectSpace),
      retry: options.retry,
    });
}
