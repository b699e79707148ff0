import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, OrganizationRow } from '../../db/types';
import { organizationVisibility, type Scope } from '../identity/scope';

/** 直属单位 and 社会组织 that host teams; their staff's scope is the organisation. */
export class OrganizationsRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async list(scope: Scope | 'system'): Promise<OrganizationRow[]> {
    let q = this.db.selectFrom('organizations').selectAll();
    if (scope !== 'system') q = q.where(organizationVisibility(scope));
    return q.orderBy('regionCode').orderBy('name').execute();
  }

  async get(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async ensure(
    name: string,
    kind: 'unit' | 'social',
    regionCode: string,
    now: string,
  ): Promise<OrganizationRow> {
    const existing = await this.db
      .selectFrom('organizations')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return existing;
    const row = { id: randomUUID(), name, kind, regionCode, createdAt: now };
    await this.db.insertInto('organizations').values(row).execute();
    return row;
  }
}
