import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../app.ts';
import { HomePage } from '../views/home.tsx';

export async function registerHomeRoutes(app: FastifyInstance, deps: Pick<WebDeps, 'repos'>): Promise<void> {
  app.get('/', async (_request, reply) => {
    const destinations = await deps.repos.destinations.list();
    return reply.type('text/html; charset=utf-8').send(await HomePage({ destinations }));
  });
}
