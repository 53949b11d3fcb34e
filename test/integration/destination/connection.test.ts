import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.ts';
import { createPoolRegistry, openDestination } from '../../../src/destination/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('connection');
});
afterAll(async () => db?.drop());

it('tests a working connection', async () => {
  const destination = openDestination(db.url, { log: silentLogger() });
  await expect(destination.testConnection()).resolves.toMatchObject({ serverVersion: expect.any(String) });
  await destination.close();
});

/** The error of a connection test against `db.url` changed by `change`, and the password it used. */
async function failureFor(change: (url: URL) => void) {
  const url = new URL(db.url);
  url.username = url.username || 'postgres';
  url.password = url.password || 'Wrong-Pa55word-xyz';
  change(url);
  const destination = openDestination(url.toString(), { log: silentLogger() });
  const error = await destination.testConnection().then(
    () => null,
    (e: Error & { code?: string }) => e,
  );
  await destination.close();
  return { error, password: decodeURIComponent(url.password) };
}

function expectOneLine(error: (Error & { code?: string }) | null, password: string, reason: RegExp) {
  expect(error).not.toBeNull();
  expect(error?.code).toBe('connection');
  expect(error?.message).toMatch(/^Cannot connect to postgres:\/\/.*: /);
  expect(error?.message).toMatch(reason);
  expect(error?.message).not.toContain('\n');
  expect(error?.message).not.toContain(password);
}

it('explains a wrong password in one line without the password', async (context) => {
  const { error, password } = await failureFor((url) => {
    url.password = 'Wrong-Pa55word-xyz';
  });
  // A server that trusts local connections (some TEST_DATABASE_URL setups) never checks the password.
  if (error === null) context.skip();
  expectOneLine(error, password, /password authentication failed/);
});

it.each([
  [
    'a missing database',
    (url: URL) => {
      url.pathname = '/does_not_exist_db';
    },
    /does_not_exist_db/,
  ],
  [
    'a closed port',
    (url: URL) => {
      url.port = '1';
    },
    /connection refused/,
  ],
])('explains %s in one line without the password', async (_label, change, reason) => {
  const { error, password } = await failureFor(change);
  expectOneLine(error, password, reason);
});

it('shares one bounded pool per URL through a registry', async () => {
  const pools = createPoolRegistry({ log: silentLogger(), maxConnections: 2 });
  expect(pools.pool(db.url)).toBe(pools.pool(db.url));
  const a = openDestination(db.url, { log: silentLogger(), pools });
  const b = openDestination(db.url, { log: silentLogger(), pools });
  await Promise.all([a.testConnection(), b.testConnection()]);
  expect(pools.pool(db.url).options.max).toBe(2);
  await pools.closeAll();
});
