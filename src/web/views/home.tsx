import type { Destination } from '../../db/repositories/destinations.ts';
import { Layout } from './layout.tsx';

export function HomePage({ destinations }: { destinations: Destination[] }) {
  return (
    <Layout title="Home">
      <h1>commcare-utils</h1>
      <p>
        Keeps PostgreSQL databases in step with CommCare HQ projects: real-time webhooks and scheduled syncs.
      </p>
      <h2>Destinations</h2>
      {destinations.length === 0 ? (
        <p>
          No destinations yet. Add one with <code>bin/commcare-utils destination add</code>.
        </p>
      ) : (
        <ul>
          {destinations.map((destination) => (
            <li>
              <strong safe>{destination.name}</strong> — <span safe>{destination.projectSpace}</span> on{' '}
              <span safe>{destination.commcareUrl}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
