import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database';
import { migration0001Regions } from './migrations/0001_regions';
import { migration0002Identity } from './migrations/0002_identity';
import { migration0003Registry } from './migrations/0003_registry';
import { migration0004Activities } from './migrations/0004_activities';
import { migration0005Certificates } from './migrations/0005_certificates';
import { migration0006Brands } from './migrations/0006_brands';
import { migration0007PlansCalendar } from './migrations/0007_plans_calendar';
import { migration0008RecordRequests } from './migrations/0008_record_requests';
import { migration0009Honours } from './migrations/0009_honours';
import { migration0010Leadership } from './migrations/0010_leadership';
import { migration0011Publicity } from './migrations/0011_publicity';
import { migration0012Statistics } from './migrations/0012_statistics';
import { migration0013Requests } from './migrations/0013_requests';
import { migration0014TwoFactor } from './migrations/0014_two_factor';
import { migration0015AuditChain } from './migrations/0015_audit_chain';
import { migration0016Privacy } from './migrations/0016_privacy';
import { migration0017Performance } from './migrations/0017_performance';
import { migration0018Preferences } from './migrations/0018_preferences';
import { migration0019RecordActivityIndex } from './migrations/0019_record_activity_index';
import { migration0020MembershipReach } from './migrations/0020_membership_reach';

/** Every migration, in order. Names sort; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_regions': migration0001Regions,
  '0002_identity': migration0002Identity,
  '0003_registry': migration0003Registry,
  '0004_activities': migration0004Activities,
  '0005_certificates': migration0005Certificates,
  '0006_brands': migration0006Brands,
  '0007_plans_calendar': migration0007PlansCalendar,
  '0008_record_requests': migration0008RecordRequests,
  '0009_honours': migration0009Honours,
  '0010_leadership': migration0010Leadership,
  '0011_publicity': migration0011Publicity,
  '0012_statistics': migration0012Statistics,
  '0013_requests': migration0013Requests,
  '0014_two_factor': migration0014TwoFactor,
  '0015_audit_chain': migration0015AuditChain,
  '0016_privacy': migration0016Privacy,
  '0017_performance': migration0017Performance,
  '0018_preferences': migration0018Preferences,
  '0019_record_activity_index': migration0019RecordActivityIndex,
  '0020_membership_reach': migration0020MembershipReach,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function check(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
}

export async function migrateToLatest(database: Database): Promise<void> {
  check(await new Migrator({ db: database.db, provider }).migrateToLatest());
}

export async function migrateDownAll(database: Database): Promise<void> {
  const migrator = new Migrator({ db: database.db, provider });
  for (;;) {
    const result = await migrator.migrateDown();
    check(result);
    if (!result.results?.length) return;
  }
}
