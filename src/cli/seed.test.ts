import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DialectName } from '../db/database';
import { StatisticsService } from '../modules/statistics/statistics.service';
import { createFieldCrypto } from '../server/security/fieldCrypto';
import { starLevelFor } from '../shared/activities';
import { createTestDatabase } from '../../tests/support/db';
import { describeWhen } from '../../tests/support/skip';
import { seedScale, type SeedResult } from './seed';

const crypto = createFieldCrypto(randomBytes(32));

for (const dialect of ['sqlite', 'postgres'] as DialectName[]) {
  const available = dialect === 'sqlite' || !!process.env.TEST_DATABASE_URL;
  describeWhen(available, 'PostgreSQL (TEST_DATABASE_URL)')(`seed --scale tiny [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let result: SeedResult;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      result = await seedScale(database, database.location, crypto, {
        scale: 'tiny',
        villages: 12,
        until: new Date('2026-06-30T00:00:00Z'),
      });
    }, 120_000);
    afterAll(async () => database?.close());

    const count = async (table: 'teams' | 'volunteers' | 'memberships' | 'serviceRecords' | 'activities') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('writes the counts it reports, on the first villages of the tree', async () => {
      expect(result).toMatchObject({ villages: 12, teams: 12, volunteers: 84, records: 2100 });
      expect(await count('teams')).toBe(12);
      expect(await count('volunteers')).toBe(84);
      expect(await count('memberships')).toBe(84);
      expect(await count('serviceRecords')).toBe(2100);
      expect(await count('activities')).toBe(result.activities);
      const villages = await database.db
        .selectFrom('teams')
        .innerJoin('regions', 'regions.code', 'teams.regionCode')
        .select(['regions.level'])
        .distinct()
        .execute();
      expect(villages).toEqual([{ level: 'village' }]);
    });

    it('gives every team a leader, keeps ID numbers unique and decryptable', async () => {
      const leaders = await database.db
        .selectFrom('memberships')
        .select(['teamId'])
        .where('role', '=', 'leader')
        .execute();
      expect(new Set(leaders.map((l) => l.teamId)).size).toBe(12);
      const v = await database.db.selectFrom('volunteers').selectAll().execute();
      expect(new Set(v.map((x) => x.idCardHash)).size).toBe(v.length);
      expect(new Set(v.map((x) => x.volunteerNo)).size).toBe(v.length);
      for (const x of v.slice(0, 5)) {
        const idCard = crypto.decrypt(x.idCardEnc);
        expect(idCard).toMatch(/^\d{17}[\dX]$/);
        expect(crypto.hash(idCard)).toBe(x.idCardHash);
      }
    });

    it('dates service within three years, with peaks on key dates', async () => {
      const range = await database.db
        .selectFrom('serviceRecords')
        .select([sql<string>`min(service_date)`.as('lo'), sql<string>`max(service_date)`.as('hi')])
        .executeTakeFirstOrThrow();
      expect(range.lo >= '2023-07-01').toBe(true);
      expect(range.hi <= '2026-06-30').toBe(true);
      const onMarch5 = await database.db
        .selectFrom('serviceRecords')
        .select(sql<number>`count(*)`.as('n'))
        .where(sql<string>`substr(service_date, 6, 5)`, '=', '03-05')
        .executeTakeFirstOrThrow();
      // A uniform spread would put about 2100/1095 ≈ 2 records on one day of the year in three years.
      expect(Number(onMarch5.n)).toBeGreaterThan(10);
    });

    it("keeps each volunteer's confirmed minutes and star consistent with the records", async () => {
      const sums = await database.db
        .selectFrom('volunteers as v')
        .leftJoin('serviceRecords as r', (j) =>
          j.onRef('r.volunteerId', '=', 'v.id').on('r.status', '=', 'confirmed'),
        )
        .select([
          'v.id',
          'v.confirmedMinutes',
          'v.starLevel',
          sql<number>`coalesce(sum(r.minutes), 0)`.as('sum'),
        ])
        .groupBy(['v.id', 'v.confirmedMinutes', 'v.starLevel'])
        .execute();
      for (const s of sums) {
        expect(Number(s.confirmedMinutes)).toBe(Number(s.sum));
        expect(s.starLevel).toBe(starLevelFor(Number(s.sum)));
      }
    });

    it('rebuilds the rollups exactly as the triggers keep them, and leaves the triggers on', async () => {
      const fromRows = await database.db
        .selectFrom('serviceRecords')
        .select([sql<number>`sum(minutes)`.as('m'), sql<number>`count(*)`.as('n')])
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow();
      const city = await database.db
        .selectFrom('statAreaMonth')
        .select([sql<number>`sum(minutes)`.as('m'), sql<number>`sum(records)`.as('n')])
        .where('len', '=', 4)
        .where('area', '=', '1304')
        .executeTakeFirstOrThrow();
      expect(Number(city.m)).toBe(Number(fromRows.m));
      expect(Number(city.n)).toBe(Number(fromRows.n));
      const volunteersAtCity = await database.db
        .selectFrom('statVolunteerArea')
        .select('volunteers')
        .where('len', '=', 4)
        .where('area', '=', '1304')
        .executeTakeFirstOrThrow();
      expect(volunteersAtCity.volunteers).toBe(84);

      const overview = await new StatisticsService(database.db).overview(
        {
          accountId: 'seed-test',
          username: 'seed-test',
          displayName: '测试',
          role: 'city_admin',
          regionCode: '130400000000',
          organizationId: null,
          teamId: null,
          volunteerId: null,
          sessionKind: 'staff',
        },
        { year: 2026, month: 6 },
      );
      expect(overview.totals.volunteers).toBe(84);

      // The triggers are back: one more confirmed record moves the rollup by its minutes.
      const r = await database.db.selectFrom('serviceRecords').selectAll().limit(1).executeTakeFirstOrThrow();
      await database.db
        .insertInto('serviceRecords')
        .values({ ...r, id: '00000000-0000-4000-8000-000000000001', status: 'confirmed', minutes: 60 })
        .execute();
      const after = await database.db
        .selectFrom('statAreaMonth')
        .select(sql<number>`sum(minutes)`.as('m'))
        .where('len', '=', 4)
        .where('area', '=', '1304')
        .executeTakeFirstOrThrow();
      expect(Number(after.m)).toBe(Number(fromRows.m) + 60);
    });
  });
}
