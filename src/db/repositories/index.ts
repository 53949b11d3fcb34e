import type { SecretBox } from '../../core/crypto.ts';
import type { Queryable } from '../pool.ts';
import { destinationsRepository } from './destinations.ts';
import { sourcesRepository } from './sources.ts';
import { tokensRepository } from './tokens.ts';
import { usersRepository } from './users.ts';

export function createRepositories(db: Queryable, box: SecretBox) {
  return {
    users: usersRepository(db),
    destinations: destinationsRepository(db, box),
    sources: sourcesRepository(db),
    tokens: tokensRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
