import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto.ts';
import { type AppTestDatabase, createAppTestDatabase } from '../../helpers/app-db.ts';

let app: AppTestDatabase;
beforeAll(async () => {
  app = await createAppTestDatabase();
});
afterAll(async () => app?.close());

const API_KEY = 'f00dfeedcafe1234567890abcdef';
const DATABASE_URL = 'postgres://warehouse:Pa55word-XYZ@db.example.org:5432/warehouse';

/** Every value of every row of every table in the public schema, as text. */
async function wholeDatabaseText(): Promise<string> {
  const { rows: tables } = await app.db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const { rows } = await app.db.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
    parts.push(...rows.map((row) => row.j));
  }
  return parts.join('\n');
}

describe('secrets at rest', () => {
  it('stores API keys, database URLs and hashing secrets only encrypted, and reads them back', async () => {
    const destination = await app.repos.destinations.create({
      name: 'Warehouse',
      projectSpace: 'demo',
      commcareUsername: 'me@example.org',
      commcareApiKey: API_KEY,
      databaseUrl: DATABASE_URL,
    });
    const withSecrets = await app.repos.destinations.getWithSecrets(destination.id);
    expect(withSecrets.commcareApiKey).toBe(API_KEY);
    expect(withSecrets.databaseUrl).toBe(DATABASE_URL);
    expect(withSecrets.hashingSecret.length).toBeGreaterThanOrEqual(32);

    const everything = await wholeDatabaseText();
    expect(everything).toContain('Warehouse');
    for (const secret of [API_KEY, DATABASE_URL, 'Pa55word-XYZ', withSecrets.hashingSecret]) {
      expect(everything).not.toContain(secret);
    }
    // and nothing public leaks them either
    expect(JSON.stringify(await app.repos.destinations.list())).not.toMatch(/Pa55word|f00dfeed/);
  });

  it('stores webhook tokens only as SHA-256 digests and authenticates by digest', async () => {
    const [destination] = await app.repos.destinations.list();
    const { token, record } = await app.repos.tokens.create(destination!.id);
    const everything = await wholeDatabaseText();
    expect(everything).not.toContain(token);
    expect(everything).toContain(sha256Hex(token));

    const found = await app.repos.tokens.authenticate(token);
    expect(found?.id).toBe(record.id);
    expect(found?.destinationId).toBe(destination!.id);
    expect(await app.repos.tokens.authenticate(`${token}x`)).toBeUndefined();
    await app.repos.tokens.revoke(destination!.id, record.id);
    expect(await app.repos.tokens.authenticate(token)).toBeUndefined();
  });
});
