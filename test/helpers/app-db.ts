import { createSecretBox, type SecretBox } from '../../src/core/crypto.ts';
import { silentLogger } from '../../src/core/log.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createAppPool, type Db } from '../../src/db/pool.ts';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export const TEST_SECRET_KEY = 'test-secret-key-with-at-least-32-characters!';

export interface AppTestDatabase {
  database: TestDatabase;
  url: string;
  db: Db;
  box: SecretBox;
  repos: Repositories;
  close(): Promise<void>;
}

/** A fresh, migrated app database for one test file. */
export async function createAppTestDatabase(): Promise<AppTestDatabase> {
  const database = await createTestDatabase('app');
  await migrate(database.url, silentLogger());
  const db = createAppPool(database.url, silentLogger());
  const box = createSecretBox(TEST_SECRET_KEY);
  return {
    database,
    url: database.url,
    db,
    box,
    repos: createRepositories(db, box),
    async close() {
      await db.end();
      await database.drop();
    },
  };
}
