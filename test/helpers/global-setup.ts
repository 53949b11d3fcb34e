import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on a real PostgreSQL: TEST_DATABASE_URL, or an embedded server started for this run. */
    adminUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole test run. Each test file then creates its own databases on it
 * (see `pg.ts`), so files never see each other's tables.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'commcare-utils-test-pg-'));
  chmodSync(dir, 0o711); // as root the server runs as `postgres`, which must reach the data directory
  const server = await startEmbeddedPostgres({ dir, persistent: false });
  project.provide('adminUrl', server.urlFor('postgres'));
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
