import type { FastifyInstance } from 'fastify';
import { checkDatabase } from '../../db/pool.ts';
import type { WebDeps } from '../app.ts';

/** `GET /up`: 200 when the app database answers, 503 otherwise (for load balancers and uptime checks). */
export async function registerHealthRoutes(app: FastifyInstance, deps: Pick<WebDeps, 'db'>): Promise<void> {
  app.get('/up', { logLevel: 'warn' }, async (_request, reply) => {
    const database = await checkDatabase(deps.db);
    return reply
      .code(database ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database ? 'ok' : 'unavailable', database: database ? 'up' : 'down' });
  });
}
