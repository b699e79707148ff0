import type { Migration } from 'kysely';
import type { AnyDb } from './helpers';

/**
 * Indexes found missing by the Handan-scale benchmark (docs/PERFORMANCE.md):
 *
 * - volunteers (residence_code, id): the volunteer list's default order (region, then id) is read off
 *   the index and stops after one page instead of sorting every visible volunteer; the count of a
 *   region scope is answered from the index alone (the scope test needs residence_code and id).
 * - volunteers (name, id): the same for the list sorted by name.
 * - teams (region_code, status, category, id): the dashboard's and coverage's counts of approved teams
 *   in a subtree (by category, by service field, with plans) without reading the team rows.
 */
const indexes = [
  { name: 'volunteers_residence_id_idx', table: 'volunteers', columns: ['residence_code', 'id'] },
  { name: 'volunteers_name_id_idx', table: 'volunteers', columns: ['name', 'id'] },
  {
    name: 'teams_region_status_cover_idx',
    table: 'teams',
    columns: ['region_code', 'status', 'category', 'id'],
  },
] as const;

export const migration0017Performance: Migration = {
  async up(db: AnyDb) {
    for (const i of indexes)
      await db.schema
        .createIndex(i.name)
        .on(i.table)
        .columns([...i.columns])
        .execute();
  },
  async down(db: AnyDb) {
    for (const i of [...indexes].reverse()) await db.schema.dropIndex(i.name).execute();
  },
};
