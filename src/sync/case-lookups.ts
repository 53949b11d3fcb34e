import type { CommCareClient } from '../commcare/client.ts';
import { isAppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { CaseLookups } from '../schema/case-row.ts';
import { shortUsername } from '../schema/case-row.ts';

/**
 * Owner and user names for case rows (design.md §5), fetched once per id and cached. `schema/` wants
 * synchronous lookups, so callers `prefetch` the ids of a batch first and then map it with `lookups`.
 * An owner is a location (v2 detail), else a mobile worker; a user is a mobile worker, else a web user.
 * Ids CommCare does not know (404) or will not show us (403) are cached as `null`; transient failures throw,
 * failing the batch rather than writing a wrong name.
 */
export interface CaseLookupCache {
  prefetch(cases: readonly unknown[]): Promise<void>;
  readonly lookups: CaseLookups;
  /** How many CommCare requests the cache made (for run progress). */
  readonly requests: number;
}

export function createCaseLookupCache(client: CommCareClient, log: Logger): CaseLookupCache {
  const owners = new Map<string, string | null>();
  const users = new Map<string, string | null>();
  let requests = 0;
  let warnedForbidden = false;

  async function firstFound(attempts: Array<() => Promise<string | null>>): Promise<string | null> {
    for (const attempt of attempts) {
      try {
        requests += 1;
        return await attempt();
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error;
        if (error.code === 'forbidden' && !warnedForbidden) {
          warnedForbidden = true;
          log.warn('CommCare refused a location or user lookup (403): owner and user names stay empty');
        }
      }
    }
    return null;
  }

  const resolveOwner = (id: string) =>
    firstFound([
      async () => (await client.getLocationV2(id)).name,
      async () => shortUsername((await client.getMobileWorker(id)).username),
    ]);
  const resolveUser = (id: string) =>
    firstFound([
      async () => (await client.getMobileWorker(id)).username,
      async () => (await client.getWebUser(id)).username,
    ]);

  async function fill(
    cache: Map<string, string | null>,
    ids: Set<string>,
    resolve: (id: string) => Promise<string | null>,
  ) {
    for (const id of ids) {
      if (!cache.has(id)) cache.set(id, await resolve(id));
    }
  }

  return {
    async prefetch(cases) {
      const ownerIds = new Set<string>();
      const userIds = new Set<string>();
      for (const item of cases) {
        if (typeof item !== 'object' || item === null) continue;
        const record = item as Record<string, unknown>;
        const properties = (record.properties ?? {}) as Record<string, unknown>;
        const owner = record.owner_id ?? properties.owner_id;
        if (typeof owner === 'string' && owner !== '') ownerIds.add(owner);
        for (const user of [record.opened_by, record.closed_by]) {
          if (typeof user === 'string' && user !== '') userIds.add(user);
        }
      }
      await fill(owners, ownerIds, resolveOwner);
      await fill(users, userIds, resolveUser);
    },
    lookups: {
      ownerName: (id) => owners.get(id),
      username: (id) => users.get(id),
    },
    get requests() {
      return requests;
    },
  };
}
