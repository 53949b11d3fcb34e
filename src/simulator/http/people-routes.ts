import { locationType, locationV1, locationV2, mobileWorker, webUser } from '../render/people-shapes.ts';
import type { SimContext } from './context.ts';
import { empty, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';
import { listReply } from './tastypie.ts';

/** Mobile workers, web users, locations (v1 and v2) and location types: small, held in memory. */
export function peopleRoute(
  resource: string,
  id: string | undefined,
  request: SimRequest,
  context: SimContext,
): Reply | undefined {
  const { project } = context;
  switch (resource) {
    case 'user': {
      if (id !== undefined) {
        const user = project.mobileWorkers.find((u) => u.id === id);
        return user ? jsonOf(mobileWorker(user, project)) : empty(404);
      }
      return listReply(request, project.mobileWorkers, 1000, (u) => mobileWorker(u, project));
    }
    case 'web-user': {
      if (id !== undefined) {
        const user = project.webUsers.find((u) => u.id === id);
        return user ? jsonOf(webUser(user, project)) : empty(404);
      }
      const username = request.query.get('username');
      const users = project.webUsers.filter((u) => username === null || u.username === username);
      return listReply(request, users, 1000, (u) => webUser(u, project));
    }
    case 'location':
    case 'location-v2': {
      const render =
        resource === 'location'
          ? (l: (typeof project.locations)[number]) => locationV1(l, project, request.origin)
          : (l: (typeof project.locations)[number]) => locationV2(l, project);
      if (id !== undefined) {
        const location = project.locations.find((l) => l.locationId === id);
        return location ? jsonOf(render(location)) : empty(404);
      }
      return listReply(request, project.locations, 1000, render);
    }
    case 'location_type': {
      if (id !== undefined) {
        const type = project.locationTypes.find((t) => String(t.id) === id);
        return type ? jsonOf(locationType(type, project, request.origin)) : empty(404);
      }
      return listReply(request, project.locationTypes, 1000, (t) => locationType(t, project, request.origin));
    }
    default:
      return undefined;
  }
}

function jsonOf(value: unknown): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}
