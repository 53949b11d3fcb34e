import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Logger } from '../core/log.ts';
import type { Db } from '../db/pool.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerHomeRoutes } from './routes/home.tsx';

export interface WebDeps {
  config: Config;
  log: Logger;
  db: Db;
  repos: Repositories;
}

/** Builds the web app without listening, so tests can `inject` requests or listen on port 0. */
export async function buildApp(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: true,
    bodyLimit: 10 * 1024 * 1024,
  });
  await registerHealthRoutes(app, deps);
  await registerHomeRoutes(app, deps);
  return app;
}
