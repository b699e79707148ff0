import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB, ServiceRecordsTable } from '../../db/types';
import { AppError } from '../../server/errors';
import {
  starLevelFor,
  type RecordRequest,
  type RecordRequestInput,
  type ServiceRecord,
} from '../../shared/activities';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { scopeOf, teamVisibility, volunteerVisibility } from '../identity/scope';
import { attendanceOutcome, creditedMinutes, type ActivitiesService } from './activities.service';
import { chinaDate } from '../../shared/dates';

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
    // 谁组织谁记录: only the organising team's keepers turn attendance into records.
    const a = await this.activities.requireManageable(actor, activityId);
    if (a.status !== 'completed') throw new AppError('CONFLICT', '活动结束后才能生成服务记录');
    const rows = await this.db
      .selectFrom('attendance')
      .innerJoin('volunteers', 'volunteers.id', 'attendance.volunteerId')
      .select([
        'attendance.volunteerId',
        'attendance.checkInAt',
        'attendance.checkOutAt',
        'attendance.needsConfirmation',
        'attendance.reviewResult',
      ])
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
    // Only the time inside the activity's window counts; check-ins waiting for the leader's
    // confirmation (fixed code, closed automatically) wait; under one minute gives no record (the
    // organiser sees why in the attendance list).
    const inserts = rows
      .filter((r) => !existing.has(r.volunteerId))
      .map((r) => ({ r, minutes: creditedMinutes(a, r.checkInAt, r.checkOutAt!) }))
      .filter(({ r, minutes }) => attendanceOutcome(r, minutes, false) === 'ready')
      .map(({ r, minutes }) => ({
        id: randomUUID(),
        volunteerId: r.volunteerId,
        teamId: teamsOf.find((t) => t.volunteerId === r.volunteerId)?.teamId ?? a.teamId,
        activityId,
        activityName: a.title,
        serviceDate: chinaDate(a.startsAt),
        place: a.place,
        serviceObject: a.serviceObject || '群众',
        content: a.theme || a.title,
        minutes,
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
    filter: { activityId?: string; volunteerId?: string; status?: string; ids?: string[] },
  ): Promise<ServiceRecord[]> {
    const scope = scopeOf(actor);
    let q = this.db
      .selectFrom('serviceRecords')
      .innerJoin('volunteers', 'volunteers.id', 'serviceRecords.volunteerId')
      .selectAll('serviceRecords')
      .select('volunteers.name as volunteerName');
    if (scope.kind === 'self') {
      // A volunteer sees their own records only, never their teammates'.
      const own = scope.volunteerId;
      if (!own) return [];
      q = q.where('serviceRecords.volunteerId', '=', own);
    } else {
      q = q.where((eb) =>
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
    }
    if (filter.activityId) q = q.where('serviceRecords.activityId', '=', filter.activityId);
    if (filter.volunteerId) q = q.where('serviceRecords.volunteerId', '=', filter.volunteerId);
    if (filter.status) q = q.where('serviceRecords.status', '=', filter.status as 'pending');
    if (filter.ids) q = q.where('serviceRecords.id', 'in', filter.ids.length ? filter.ids : ['']);
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
    const ids = [...new Set(recordIds)];
    const rows = await this.requireConfirmer(actor, ids);
    if (rows.some((r) => r.status !== 'pending')) throw new AppError('CONFLICT', '只能确认待确认的记录');
    const regions = await this.regionsOf(rows.map((r) => r.teamId));
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      // Only records still pending at this moment are confirmed (two leaders confirming at once).
      const updated = await tx
        .updateTable('serviceRecords')
        .set({ status: 'confirmed', confirmedBy: actor.accountId, confirmedAt: now })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== ids.length)
        throw new AppError('CONFLICT', '部分记录已被他人确认，请刷新后重试');
      for (const volunteerId of new Set(rows.map((r) => r.volunteerId))) {
        const added = rows.filter((r) => r.volunteerId === volunteerId).reduce((n, r) => n + r.minutes, 0);
        await this.addMinutes(tx, volunteerId, added, now);
      }
      // One entry per team, so each region's audit view shows the confirmations of its teams.
      for (const teamId of new Set(rows.map((r) => r.teamId))) {
        const mine = rows.filter((r) => r.teamId === teamId);
        const activityIds = [...new Set(mine.map((r) => r.activityId).filter((x) => x !== null))];
        await new AuditRepo(tx).write(context, {
          action: 'records.confirm',
          result: 'success',
          targetType: activityIds.length === 1 ? 'activity' : 'service_record',
          targetId: activityIds.length === 1 ? activityIds[0]! : mine[0]!.id,
          regionCode: regions.get(teamId) ?? null,
          detail: {
            count: mine.length,
            teamId,
            recordIds: mine.map((r) => r.id),
            minutes: mine.reduce((n, r) => n + r.minutes, 0),
          },
        });
      }
    });
    // The activity's records, as before; records entered without an activity come back by id (an
    // unfiltered list would scan every record in scope: 17 s for a township at city scale).
    const activityId = rows[0]?.activityId;
    return this.list(actor, activityId ? { activityId } : { ids });
  }

  /** The region of each team, for audit entries. */
  private async regionsOf(teamIds: string[], db: Kysely<DB> = this.db): Promise<Map<string, string>> {
    const unique = [...new Set(teamIds)];
    if (!unique.length) return new Map();
    const rows = await db
      .selectFrom('teams')
      .select(['id', 'regionCode'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.regionCode]));
  }

  /** A correction is a new confirmed record; the old one becomes superseded and the totals follow. */
  async correct(actor: Actor, recordId: string, minutes: number, reason: string, context: AuditContext) {
    const [old] = await this.requireConfirmer(actor, [recordId]);
    if (!old || old.status !== 'confirmed') throw new AppError('CONFLICT', '只能更正已确认的记录');
    return this.db.transaction().execute((tx) => this.correctIn(tx, actor, old, minutes, reason, context));
  }

  private async correctIn(
    tx: Kysely<DB>,
    actor: Actor,
    old: Selectable<ServiceRecordsTable>,
    minutes: number,
    reason: string,
    context: AuditContext,
    requestId?: string,
  ): Promise<string> {
    const now = new Date().toISOString();
    const id = randomUUID();
    // Only a record still confirmed at this moment can be superseded (two staff correcting at once).
    const superseded = await tx
      .updateTable('serviceRecords')
      .set({ status: 'superseded' })
      .where('id', '=', old.id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    if (Number(superseded.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该记录已被更正');
    await tx
      .insertInto('serviceRecords')
      .values({
        ...old,
        id,
        minutes,
        status: 'confirmed',
        confirmedBy: actor.accountId,
        confirmedAt: now,
        correctsId: old.id,
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
      regionCode: (await this.regionsOf([old.teamId], tx)).get(old.teamId) ?? null,
      detail: {
        corrects: old.id,
        record: id,
        volunteerId: old.volunteerId,
        from: old.minutes,
        to: minutes,
        reason,
        request: requestId,
      },
    });
    return id;
  }

  /** A volunteer asks for a correction of one of their own confirmed records. */
  async requestCorrection(actor: Actor, input: RecordRequestInput, context: AuditContext) {
    if (actor.role !== 'volunteer' || !actor.volunteerId)
      throw new AppError('FORBIDDEN', '只有志愿者本人可以申请更正');
    const record = await this.db
      .selectFrom('serviceRecords')
      .selectAll()
      .where('id', '=', input.recordId)
      .where('volunteerId', '=', actor.volunteerId)
      .executeTakeFirst();
    if (!record) throw new AppError('NOT_FOUND', '没有这条服务记录', { field: 'recordId' });
    if (record.status !== 'confirmed')
      throw new AppError('CONFLICT', '只能对已确认的记录申请更正', { field: 'recordId' });
    if (record.minutes === input.minutes)
      throw new AppError('VALIDATION_FAILED', '申请的时长与现有记录相同', { field: 'minutes' });
    const open = await this.db
      .selectFrom('recordRequests')
      .select('id')
      .where('recordId', '=', record.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (open) throw new AppError('CONFLICT', '这条记录已有待处理的更正申请', { field: 'recordId' });
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('recordRequests')
        .values({
          id,
          recordId: record.id,
          volunteerId: record.volunteerId,
          teamId: record.teamId,
          activityId: record.activityId,
          minutes: input.minutes,
          reason: input.reason,
          status: 'pending',
          decidedBy: null,
          decidedAt: null,
          decisionNote: null,
          newRecordId: null,
          createdAt: new Date().toISOString(),
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'records.request',
        result: 'success',
        targetType: 'service_record',
        targetId: record.id,
        regionCode: (await this.regionsOf([record.teamId], tx)).get(record.teamId) ?? null,
        detail: {
          request: id,
          record: record.id,
          from: record.minutes,
          to: input.minutes,
          reason: input.reason,
        },
      });
    });
    const [made] = await this.requests(actor, { id });
    return made!;
  }

  /**
   * Correction requests: a volunteer sees their own; staff see those for records of teams they manage
   * (the same people who confirm those records).
   */
  async requests(
    actor: Actor,
    filter: { id?: string; activityId?: string; status?: 'pending' | 'accepted' | 'rejected' },
  ): Promise<RecordRequest[]> {
    let q = this.db
      .selectFrom('recordRequests')
      .innerJoin('serviceRecords', 'serviceRecords.id', 'recordRequests.recordId')
      .innerJoin('volunteers', 'volunteers.id', 'recordRequests.volunteerId')
      .selectAll('recordRequests')
      .select([
        'volunteers.name as volunteerName',
        'serviceRecords.activityName',
        'serviceRecords.serviceDate',
        'serviceRecords.minutes as currentMinutes',
      ]);
    if (actor.role === 'volunteer') {
      if (!actor.volunteerId) throw new AppError('FORBIDDEN');
      q = q.where('recordRequests.volunteerId', '=', actor.volunteerId);
    } else {
      if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('teams')
            .select('teams.id')
            .whereRef('teams.id', '=', 'recordRequests.teamId')
            .where((teb) => teamVisibility(scopeOf(actor))(teb as never)),
        ),
      );
    }
    if (filter.id) q = q.where('recordRequests.id', '=', filter.id);
    if (filter.activityId) q = q.where('recordRequests.activityId', '=', filter.activityId);
    if (filter.status) q = q.where('recordRequests.status', '=', filter.status);
    const rows = await q.orderBy('recordRequests.createdAt', 'desc').limit(500).execute();
    return rows.map((r) => ({
      id: r.id,
      recordId: r.recordId,
      volunteerId: r.volunteerId,
      volunteerName: r.volunteerName,
      activityId: r.activityId,
      activityName: r.activityName,
      serviceDate: r.serviceDate,
      currentMinutes: r.currentMinutes,
      minutes: r.minutes,
      reason: r.reason,
      status: r.status,
      decidedAt: r.decidedAt,
      decisionNote: r.decisionNote,
      newRecordId: r.newRecordId,
      createdAt: r.createdAt,
    }));
  }

  private async requirePendingRequest(actor: Actor, id: string) {
    if (!mayKeepRegistry(actor)) throw new AppError('FORBIDDEN');
    const request = await this.db
      .selectFrom('recordRequests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!request) throw new AppError('NOT_FOUND', '更正申请不存在');
    const [record] = await this.requireConfirmer(actor, [request.recordId]);
    if (request.status !== 'pending') throw new AppError('CONFLICT', '该申请已处理');
    return { request, record: record! };
  }

  /** Accepting a request makes the correction (a new record linked to the old one) in the same step. */
  async acceptRequest(actor: Actor, id: string, context: AuditContext): Promise<RecordRequest> {
    const { request, record } = await this.requirePendingRequest(actor, id);
    if (record.status !== 'confirmed') throw new AppError('CONFLICT', '该记录已被更正，请驳回此申请');
    await this.db.transaction().execute(async (tx) => {
      const newId = await this.correctIn(
        tx,
        actor,
        record,
        request.minutes,
        `志愿者申请更正：${request.reason}`.slice(0, 200),
        context,
        id,
      );
      const updated = await tx
        .updateTable('recordRequests')
        .set({
          status: 'accepted',
          decidedBy: actor.accountId,
          decidedAt: new Date().toISOString(),
          newRecordId: newId,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该申请已处理');
      await new AuditRepo(tx).write(context, {
        action: 'records.request.accept',
        result: 'success',
        targetType: 'service_record',
        targetId: record.id,
        regionCode: (await this.regionsOf([record.teamId], tx)).get(record.teamId) ?? null,
        detail: { request: id, record: record.id, newRecord: newId, minutes: request.minutes },
      });
    });
    const [out] = await this.requests(actor, { id });
    return out!;
  }

  async rejectRequest(actor: Actor, id: string, note: string, context: AuditContext): Promise<RecordRequest> {
    const { request } = await this.requirePendingRequest(actor, id);
    await this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('recordRequests')
        .set({
          status: 'rejected',
          decidedBy: actor.accountId,
          decidedAt: new Date().toISOString(),
          decisionNote: note,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该申请已处理');
      await new AuditRepo(tx).write(context, {
        action: 'records.request.reject',
        result: 'success',
        targetType: 'service_record',
        targetId: request.recordId,
        regionCode: (await this.regionsOf([request.teamId], tx)).get(request.teamId) ?? null,
        detail: { request: id, record: request.recordId, note },
      });
    });
    const [out] = await this.requests(actor, { id });
    return out!;
  }

  /**
   * Keeps the volunteer's confirmed total and star level, with a history row when the level changes.
   * The total is added in the database (`confirmed_minutes = confirmed_minutes + delta`), so confirmations
   * for the same volunteer at the same time never lose each other's minutes; the row stays locked by this
   * update until the transaction ends, so the level read back is the one this change starts from.
   */
  private async addMinutes(tx: Kysely<DB>, volunteerId: string, delta: number, now: string) {
    const v = await tx
      .updateTable('volunteers')
      .set((eb) => ({ confirmedMinutes: eb('confirmedMinutes', '+', delta) }))
      .where('id', '=', volunteerId)
      .returning(['confirmedMinutes', 'starLevel'])
      .executeTakeFirstOrThrow();
    const total = Number(v.confirmedMinutes);
    const level = starLevelFor(total);
    if (level === v.starLevel) return;
    await tx.updateTable('volunteers').set({ starLevel: level }).where('id', '=', volunteerId).execute();
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
