import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { freePort } from '../../../src/db/embedded.ts';
import { createAppPool } from '../../../src/db/pool.ts';
import { createRepositories } from '../../../src/db/repositories/index.ts';
import { buildApp } from '../../../src/web/app.ts';
import { type AppTestDatabase, createAppTestDatabase } from '../../helpers/app-db.ts';

let app: AppTestDatabase;
beforeAll(async () => {
  app = await createAppTestDatabase();
});
afterAll(async () => app?.close());

const config = loadConfig({ SECRET_KEY: 'x'.repeat(40) });

describe('GET /up', () => {
  it('answers 200 over real HTTP when the app database answers', async () => {
    const web = await buildApp({ config, log: silentLogger(), db: app.db, repos: app.repos });
    await web.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = web.server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${address.port}/up`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
    } finally {
      await web.close();
    }
  });

  it('answers 503 when the app database is down', async () => {
    // A pool pointing at a port where nothing listens: the database "went away".
    const deadUrl = `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;
    const dead = createAppPool(deadUrl, silentLogger());
    const web = await buildApp({
      config,
      log: silentLogger(),
      db: dead,
      repos: createRepositories(dead, app.box),
    });
    try {
      const response = await web.inject({ method: 'GET', url: '/up' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', database: 'down' });
    } finally {
      await web.close();
      await dead.end();
    }
  });

  it('renders the home page with destinations, escaped', async () => {
    await app.repos.destinations.create({
      name: '<script>alert(1)</script>',
      projectSpace: 'demo',
      commcareUsername: 'u@example.org',
      commcareApiKey: 'k',
      databaseUrl: 'postgres://u@h/db',
    });
    const web = await buildApp({ config, log: silentLogger(), db: app.db, repos: app.repos });
    try {
      const response = await web.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('&lt;script>alert(1)&lt;/script>');
      expect(response.body).not.toContain('<script>alert(1)');
    } finally {
      await web.close();
    }
  });
});
