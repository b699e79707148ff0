import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { reportServiceFields } from '../../shared/registry';

/** The managed list of service fields (服务领域), seeded with the report's fields. */
export async function seedServiceFields(db: Kysely<DB>): Promise<void> {
  const existing = await db.selectFrom('serviceFields').select('name').execute();
  const known = new Set(existing.map((r) => r.name));
  const missing = reportServiceFields.filter((name) => !known.has(name));
  if (missing.length === 0) return;
  await db
    .insertInto('serviceFields')
    .values(missing.map((name) => ({ id: randomUUID(), name, sort: reportServiceFields.indexOf(name) + 1 })))
    .execute();
}

export async function listServiceFields(db: Kysely<DB>) {
  return db
    .selectFrom('serviceFields')
    .select(['id', 'name'])
    .where('active', '=', 1)
    .orderBy('sort')
    .orderBy('name')
    .execute();
}
