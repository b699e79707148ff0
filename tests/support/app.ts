import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { Database } from '../../src/db/database';

/** The real application over a test database, driven with `app.inject`. */
export async function createTestApp(database: Database): Promise<FastifyInstance> {
  const app = await buildApp({ database, logger: false });
  await app.ready();
  return app;
}
