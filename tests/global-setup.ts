import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../cloud/src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL; test files get their own database from tests/support/database.ts. */
    argusPostgresUrl: string;
  }
}

/**
 * One embedded PostgreSQL for the whole run (a throw-away cluster in a temp
 * dir, fsync off), stopped and deleted at teardown. Starting it costs about
 * a second, so it is started even for runs that do not need it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = path.join(tmpdir(), `argus-test-pg-${randomBytes(6).toString('hex')}`);
  const postgres = await startEmbeddedPostgres({ dir, durability: 'fast' });
  project.provide('argusPostgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
