import type { SecretBox } from '../../core/crypto.ts';
import type { Queryable } from '../pool.ts';
import { checkpointsRepository } from './checkpoints.ts';
import { destinationsRepository } from './destinations.ts';
import { sourcesRepository } from './sources.ts';
import { syncRunsRepository } from './sync-runs.ts';
import { tokensRepository } from './tokens.ts';
import { usersRepository } from './users.ts';

export function createRepositories(db: Queryable, box: SecretBox) {
  return {
    users: usersRepository(db),
    destinations: destinationsRepository(db, box),
    sources: sourcesRepository(db),
    tokens: tokensRepository(db),
    syncRuns: syncRunsRepository(db),
    checkpoints: checkpointsRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
