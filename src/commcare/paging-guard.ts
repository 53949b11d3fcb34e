import { AppError } from '../core/errors.ts';
import { redactUrl } from '../core/urls.ts';

/**
 * Remembers every page URL already fetched in one listing. A server that hands out the same cursor twice
 * would otherwise loop forever, re-reading the same cases.
 */
export function createPageGuard(what: string) {
  const seen = new Set<string>();
  return {
    visit(url: string): void {
      if (seen.has(url)) {
        throw new AppError(
          'upstream_protocol',
          `CommCare returned the same ${what} page twice (${redactUrl(url)}); stopping to avoid an endless loop.`,
        );
      }
      seen.add(url);
    },
  };
}
