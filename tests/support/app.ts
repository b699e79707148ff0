import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../src/server/app';
import { createFieldCrypto } from '../../src/server/security/fieldCrypto';
import type { Database } from '../../src/db/database';

/** The real application over a test database, driven with `app.inject`. */
export const testCrypto = createFieldCrypto(randomBytes(32));

export async function createTestApp(database: Database): Promise<FastifyInstance> {
  const app = await buildApp({ database, fieldCrypto: testCrypto, logger: false });
  await app.ready();
  return app;
}
