import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('smoke');
});
afterAll(async () => db?.drop());

it('gives each test file its own real PostgreSQL database', async () => {
  const client = new pg.Client(db.url);
  await client.connect();
  const { rows } = await client.query('select current_database() as name');
  await client.end();
  expect(rows[0].name).toBe(db.name);
});
