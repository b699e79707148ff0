import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, TeamCategory } from '../../src/db/types';
import type { FieldCrypto } from '../../src/server/security/fieldCrypto';

/** Statistics test rows written straight into the tables (the triggers keep the rollups). */
export function statisticsFixtures(db: Kysely<DB>, crypto: FieldCrypto) {
  const now = new Date().toISOString();
  let seq = 0;
  return {
    async team(
      regionCode: string,
      name: string,
      category: TeamCategory = 'station',
      status: 'approved' | 'draft' = 'approved',
      organizationId: string | null = null,
    ) {
      const id = randomUUID();
      await db
        .insertInto('teams')
        .values({
          id,
          name,
          category,
          regionCode,
          organizationId,
          path: `/${id}/`,
          leaderName: '王队长',
          status,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      return id;
    },
    async volunteer(
      residenceCode: string,
      name: string,
      opts: { idCard: string; veteran?: boolean; birthDate?: string; phone?: string; teamId?: string },
    ) {
      const id = randomUUID();
      await db
        .insertInto('volunteers')
        .values({
          id,
          volunteerNo: `T${String(++seq).padStart(8, '0')}${id.slice(0, 4)}`,
          name,
          gender: 'M',
          birthDate: opts.birthDate ?? '1960-05-01',
          idCardEnc: crypto.encrypt(opts.idCard),
          idCardHash: crypto.hash(opts.idCard),
          phoneEnc: opts.phone ? crypto.encrypt(opts.phone) : null,
          phoneHash: opts.phone ? crypto.hash(opts.phone) : null,
          residenceCode,
          isVeteran: opts.veteran === false ? 0 : 1,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (opts.teamId)
        await db
          .insertInto('memberships')
          .values({
            id: randomUUID(),
            teamId: opts.teamId,
            volunteerId: id,
            role: 'member',
            joinedOn: '2026-01-01',
          })
          .execute();
      return id;
    },
    async activity(
      teamId: string,
      regionCode: string,
      startsAt: string,
      status: 'draft' | 'published' | 'completed' | 'cancelled' = 'completed',
      fieldId: string | null = null,
    ) {
      const id = randomUUID();
      await db
        .insertInto('activities')
        .values({
          id,
          title: `关爱老兵活动${++seq}`,
          kind: 'own',
          teamId,
          regionCode,
          fieldId,
          place: '村委会',
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString(),
          capacity: 30,
          status,
          checkinSecret: randomUUID(),
          fixedCode: String(100000 + seq),
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      return id;
    },
    async record(
      volunteerId: string,
      teamId: string,
      serviceDate: string,
      minutes: number,
      status: 'pending' | 'confirmed' = 'confirmed',
      activityId: string | null = null,
    ) {
      const id = randomUUID();
      await db
        .insertInto('serviceRecords')
        .values({
          id,
          volunteerId,
          teamId,
          activityId,
          activityName: '助老服务',
          serviceDate,
          place: '村委会',
          serviceObject: '空巢老人',
          content: '打扫卫生、陪伴聊天',
          minutes,
          personInCharge: '王队长',
          recorderId: 'test',
          recorderName: '记录员',
          status,
          confirmedAt: status === 'confirmed' ? now : null,
          createdAt: now,
        })
        .execute();
      return id;
    },
  };
}
