import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { starLevelFor, type ServiceRecord } from '../../shared/activities';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { scopeOf, teamVisibility, volunteerVisibility } from '../identity/scope';
import type { ActivitiesService } from './activities.service';

const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 志愿服务记录: 谁组织谁记录、谁记录谁证明. Records come from attendance (or are entered by the
 * organiser), are confirmed by the leader of each volunteer's team, and never change afterwards: a
 * correction is a new record pointing at the one it replaces.
 */
export class RecordsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly activities: ActivitiesService,
  ) {}

  /** Turns the attendance of a completed activity into pending records (idempotent). */
  async recordFromAttendance(
    actor: Actor,
    activityId: string,
    context: AuditContext,
  ): Promise<ServiceRecord[]> {
    const a = await this.activities.requireVisible(actor, activityId);
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    if (a.status !== 'completed') throw new AppError('CONFLICT', '活动结束后才能生成服务记录');
    const rows = await this.db
      .selectFrom('attendance')
      .innerJoin('volunteers', 'volunteers.id', 'attendance.volunteerId')
      .select(['attendance.volunteerId', 'attendance.checkInAt', 'attendance.checkOutAt'])
      .where('attendance.activityId', '=', activityId)
      .where('attendance.checkOutAt', 'is not', null)
      .execute();
    const existing = new Set(
      (
        await this.db
          .selectFrom('serviceRecords')
          .select('volunteerId')
          .where('activityId', '=', activityId)
          .execute()
      ).map((r) => r.volunteerId),
    );
    const teamsOf = await this.db
      .selectFrom('memberships')
      .innerJoin('activityTeams', 'activityTeams.teamId', 'memberships.teamId')
      .select(['memberships.volunteerId', 'memberships.teamId'])
      .where('activityTeams.activityId', '=', activityId)
      .where('memberships.leftOn', 'is', null)
      .execute();
    const now = new Date().toISOString();
    const inserts = rows
      .filter((r) => !existing.has(r.volunteerId))
      .map((r) => {
        // Only the time inside the activity's window counts; travel time does not.
        const from = Math.max(Date.parse(r.checkInAt), Date.parse(a.startsAt));
        const to = Math.min(Date.parse(r.checkOutAt!), Date.parse(a.endsAt));
        const minutes = Math.floor((to - from) / 60_000);
        return { r, minutes };
      })
      .filter(({ minutes }) => minutes > 0)
      .map(({ r, minutes }) => ({
        id: randomUUID(),
        volunteerId: r.volunteerId,
        teamId: teamsOf.find((t) => t.volunteerId === r.volunteerId)?.teamId ?? a.teamId,
        activityId,
        activityName: a.title,
        serviceDate: shanghaiDate(a.startsAt),
        place: a.place,
        serviceObject: a.serviceObject || '群众',
        content: a.theme || a.title,
        minutes: Math.min(minutes, 1440),
        quality: '',
        personInCharge: a.teamName,
        recorderId: actor.accountId,
        recorderName: actor.displayName,
        status: 'pending' as const,
        confirmedBy: null,
        confirmedAt: null,
        correctsId: null,
        correctionReason: null,
        createdAt: now,
      }));
    await this.db.transaction().execute(async (tx) => {
      if (inserts.length) await tx.insertInto('serviceRecords').values(inserts).execute();
      await new AuditRepo(tx).write(context, {
        action: 'records.create_from_attendance',
        result: 'success',
        targetType: 'activity',
        targetId: activityId,
        regionCode: a.regionCode,
        detail: { count: inserts.length },
      });
    });
    return this.list(actor, { activityId });
  }

  async list(
    actor: Actor,
    filter: { activityId?: string; volunteerId?: string; status?: string },
  ): Promise<ServiceRecord[]> {
    const scope = scopeOf(actor);
    let q = this.db
      .selectFrom('serviceRecords')
      .innerJoin('volunteers', 'volunteers.id', 'serviceRecords.volunteerId')
      .selectAll('serviceRecords')
      .select('volunteers.name as volunteerName')
      .where((eb) =>
        eb.or([
          volunteerVisibility(scope)(eb as never),
          eb.exists(
            eb
              .selectFrom('teams')
              .select('teams.id')
              .whereRef('teams.id', '=', 'serviceRecords.teamId')
              .where((teb) => teamVisibility(scope)(teb as never)),
          ),
        ]),
      );
    if (filter.activityId) q = q.where('serviceRecords.activityId', '=', filter.activityId);
    if (filter.volunteerId) q = q.where('serviceRecords.volunteerId', '=', filter.volunteerId);
    if (filter.status) q = q.where('serviceRecords.status', '=', filter.status as 'pending');
    const rows = await q
      .orderBy('serviceRecords.serviceDate', 'desc')
      .orderBy('serviceRecords.createdAt')
      .limit(500)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      volunteerId: r.volunteerId,
      volunteerName: r.volunteerName,
      teamId: r.teamId,
      activityId: r.activityId,
      activityName: r.activityName,
      serviceDate: r.serviceDate,
      place: r.place,
      serviceObject: r.serviceObject,
      content: r.content,
      minutes: r.minutes,
      quality: r.quality,
      personInCharge: r.personInCharge,
      recorderName: r.recorderName,
      status: r.status,
      confirmedAt: r.confirmedAt,
      correctsId: r.correctsId,
      correctionReason: r.correctionReason,
    }));
  }

  /** In a 集中统一活动 each team's leader confirms their own members: the record's team must be one the caller manages. */
  private async requireConfirmer(actor: Actor, recordIds: string[]) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const rows = await this.db
      .selectFrom('serviceRecords')
      .selectAll()
      .where('id', 'in', recordIds)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('teams')
            .select('teams.id')
            .whereRef('teams.id', '=', 'serviceRecords.teamId')
            .where((teb) => teamVisibility(scopeOf(actor))(teb as never)),
        ),
      )
      .execute();
    if (rows.length !== new Set(recordIds).size)
      throw new AppError('OUT_OF_SCOPE', '只能确认本队成员的服务记录');
    return rows;
  }

  async confirm(actor: Actor, recordIds: string[], context: AuditContext) {
    const rows = await this.requireConfirmer(actor, recordIds);
    if (rows.some((r) => r.status !== 'pending')) throw new AppError('CONFLICT', '只能确认待确认的记录');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('serviceRecords')
        .set({ status: 'confirmed', confirmedBy: actor.accountId, confirmedAt: now })
        .where('id', 'in', recordIds)
        .execute();
      for (const volunteerId of new Set(rows.map((r) => r.volunteerId))) {
        const added = rows.filter((r) => r.volunteerId === volunteerId).reduce((n, r) => n + r.minutes, 0);
        await this.addMinutes(tx, volunteerId, added, now);
      }
      await new AuditRepo(tx).write(context, {
        action: 'records.confirm',
        result: 'success',
        targetType: 'service_record',
        detail: { count: recordIds.length },
      });
    });
    return this.list(actor, { activityId: rows[0]?.activityId ?? undefined });
  }

  /** A correction is a new confirmed record; the old one becomes superseded and the totals follow. */
  async correct(actor: Actor, recordId: string, minutes: number, reason: string, context: AuditContext) {
    const [old] = await this.requireConfirmer(actor, [recordId]);
    if (!old || old.status !== 'confirmed') throw new AppError('CONFLICT', '只能更正已确认的记录');
    const now = new Date().toISOString();
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('serviceRecords')
        .set({ status: 'superseded' })
        .where('id', '=', recordId)
        .execute();
      await tx
        .insertInto('serviceRecords')
        .values({
          ...old,
          id,
          minutes,
          status: 'confirmed',
          confirmedBy: actor.accountId,
          confirmedAt: now,
          correctsId: recordId,
          correctionReason: reason,
          recorderId: actor.accountId,
          recorderName: actor.displayName,
          createdAt: now,
        })
        .execute();
      await this.addMinutes(tx, old.volunteerId, minutes - old.minutes, now);
      await new AuditRepo(tx).write(context, {
        action: 'records.correct',
        result: 'success',
        targetType: 'service_record',
        targetId: id,
        detail: { corrects: recordId, from: old.minutes, to: minutes, reason },
      });
    });
    return id;
  }

  /** Keeps the volunteer's confirmed total and star level, with a history row when the level changes. */
  private async addMinutes(tx: Kysely<DB>, volunteerId: string, delta: number, now: string) {
    const v = await tx
      .selectFrom('volunteers')
      .select(['confirmedMinutes', 'starLevel'])
      .where('id', '=', volunteerId)
      .executeTakeFirstOrThrow();
    const total = v.confirmedMinutes + delta;
    const level = starLevelFor(total);
    await tx
      .updateTable('volunteers')
      .set({ confirmedMinutes: total, starLevel: level })
      .where('id', '=', volunteerId)
      .execute();
    if (level !== v.starLevel) {
      await tx
        .insertInto('starHistory')
        .values({
          id: randomUUID(),
          volunteerId,
          fromLevel: v.starLevel,
          toLevel: level,
          totalMinutes: total,
          at: now,
        })
        .execute();
    }
  }
}
