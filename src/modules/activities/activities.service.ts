import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { ActivitiesTable, DB } from '../../db/types';
import { AppError } from '../../server/errors';
import {
  starLevelFor,
  type Activity,
  type ActivityInput,
  type ActivityStatus,
} from '../../shared/activities';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { activityVisibility, isRegionWithin, scopeOf, teamVisibility } from '../identity/scope';
import { TeamsService } from '../teams/teams.service';
import { codeAt, CODE_PERIOD_MS, newCheckinSecret, newFixedCode, rotatingCodeMatches } from './checkinCode';

type ActivityRow = Selectable<ActivitiesTable> & { teamName: string };
const statusFlow: Record<'publish' | 'start' | 'complete', { from: ActivityStatus[]; to: ActivityStatus }> = {
  publish: { from: ['draft'], to: 'published' },
  start: { from: ['published'], to: 'ongoing' },
  complete: { from: ['published', 'ongoing'], to: 'completed' },
};

/** Activities, sign-up with a capacity that holds under concurrency, and attendance. */
export class ActivitiesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly teams: TeamsService,
  ) {}

  private async volunteerHome(actor: Actor): Promise<string | null> {
    if (!actor.volunteerId) return null;
    const v = await this.db
      .selectFrom('volunteers')
      .select('residenceCode')
      .where('id', '=', actor.volunteerId)
      .executeTakeFirst();
    return v?.residenceCode ?? null;
  }

  private async canManage(actor: Actor, teamId: string): Promise<boolean> {
    if (!mayKeepRegistry(actor)) return false;
    const seen = await this.db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', teamId)
      .where(teamVisibility(scopeOf(actor)))
      .executeTakeFirst();
    return !!seen;
  }

  async requireVisible(actor: Actor, id: string): Promise<ActivityRow> {
    const home = await this.volunteerHome(actor);
    const row = await this.db
      .selectFrom('activities')
      .innerJoin('teams', 'teams.id', 'activities.teamId')
      .selectAll('activities')
      .select('teams.name as teamName')
      .where('activities.id', '=', id)
      .where(activityVisibility(scopeOf(actor), home))
      .executeTakeFirst();
    if (row) return row;
    const exists = await this.db
      .selectFrom('activities')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    throw exists ? new AppError('OUT_OF_SCOPE') : new AppError('NOT_FOUND', '活动不存在');
  }

  private async present(actor: Actor, rows: ActivityRow[]): Promise<Activity[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const counts = await this.db
      .selectFrom('signups')
      .select(['activityId', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('activityId', 'in', ids)
      .where('status', '!=', 'cancelled')
      .groupBy(['activityId', 'status'])
      .execute();
    const mine = actor.volunteerId
      ? await this.db
          .selectFrom('signups')
          .select(['activityId', 'status', 'seq'])
          .where('activityId', 'in', ids)
          .where('volunteerId', '=', actor.volunteerId)
          .where('status', '!=', 'cancelled')
          .execute()
      : [];
    const out: Activity[] = [];
    for (const r of rows) {
      const count = (s: string) =>
        Number(counts.find((c) => c.activityId === r.id && c.status === s)?.n ?? 0);
      const my = mine.find((m) => m.activityId === r.id);
      let position: number | null = null;
      if (my?.status === 'waitlisted') {
        const ahead = await this.db
          .selectFrom('signups')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('activityId', '=', r.id)
          .where('status', '=', 'waitlisted')
          .where('seq', '<', my.seq)
          .executeTakeFirstOrThrow();
        position = Number(ahead.n) + 1;
      }
      out.push({
        id: r.id,
        title: r.title,
        kind: r.kind,
        teamId: r.teamId,
        teamName: r.teamName,
        regionCode: r.regionCode,
        place: r.place,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        capacity: r.capacity,
        accepted: count('accepted'),
        waitlisted: count('waitlisted'),
        serviceObject: r.serviceObject,
        theme: r.theme,
        description: r.description,
        status: r.status,
        cancelReason: r.cancelReason,
        canManage: await this.canManage(actor, r.teamId),
        mySignup: my ? { status: my.status as 'accepted' | 'waitlisted', position } : null,
      });
    }
    return out;
  }

  async list(actor: Actor, filter: { status?: ActivityStatus; teamId?: string; mine?: boolean }) {
    const home = await this.volunteerHome(actor);
    let q = this.db
      .selectFrom('activities')
      .innerJoin('teams', 'teams.id', 'activities.teamId')
      .selectAll('activities')
      .select('teams.name as teamName')
      .where(activityVisibility(scopeOf(actor), home));
    if (filter.status) q = q.where('activities.status', '=', filter.status);
    if (filter.teamId) q = q.where('activities.teamId', '=', filter.teamId);
    if (filter.mine && actor.volunteerId) {
      const vid = actor.volunteerId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('signups')
            .select('signups.id')
            .whereRef('signups.activityId', '=', 'activities.id')
            .where('signups.volunteerId', '=', vid)
            .where('signups.status', '!=', 'cancelled'),
        ),
      );
    }
    const rows = await q.orderBy('activities.startsAt', 'desc').limit(200).execute();
    return this.present(actor, rows);
  }

  async get(actor: Actor, id: string): Promise<Activity> {
    const [a] = await this.present(actor, [await this.requireVisible(actor, id)]);
    return a!;
  }

  async create(actor: Actor, input: ActivityInput, context: AuditContext): Promise<Activity> {
    const team = await this.teams.requireVisible(actor, input.teamId);
    if (!(await this.canManage(actor, team.id))) throw new AppError('FORBIDDEN');
    if (team.status !== 'approved')
      throw new AppError('CONFLICT', '只有已登记的队伍可以组织活动', { field: 'teamId' });
    const scope = scopeOf(actor);
    if (scope.kind === 'region' && !isRegionWithin(input.regionCode, scope.regionCode)) {
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    }
    for (const t of input.participatingTeamIds) await this.teams.requireVisible(actor, t);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('activities')
        .values({
          id,
          title: input.title,
          kind: input.kind,
          teamId: input.teamId,
          regionCode: input.regionCode,
          fieldId: input.fieldId ?? null,
          place: input.place,
          startsAt: new Date(input.startsAt).toISOString(),
          endsAt: new Date(input.endsAt).toISOString(),
          capacity: input.capacity,
          serviceObject: input.serviceObject,
          theme: input.theme,
          description: input.description,
          status: 'draft',
          cancelReason: null,
          checkinSecret: newCheckinSecret(),
          fixedCode: newFixedCode(),
          createdBy: actor.accountId,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      const teams = [...new Set([input.teamId, ...input.participatingTeamIds])];
      await tx
        .insertInto('activityTeams')
        .values(teams.map((teamId) => ({ activityId: id, teamId })))
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'activity.create',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: input.regionCode,
      });
    });
    return this.get(actor, id);
  }

  private async requireManageable(actor: Actor, id: string): Promise<ActivityRow> {
    const a = await this.requireVisible(actor, id);
    if (!(await this.canManage(actor, a.teamId)))
      throw new AppError('FORBIDDEN', '只有组织队伍可以管理此活动');
    return a;
  }

  async transition(actor: Actor, id: string, step: 'publish' | 'start' | 'complete', context: AuditContext) {
    const a = await this.requireManageable(actor, id);
    const flow = statusFlow[step];
    if (!flow.from.includes(a.status)) throw new AppError('CONFLICT', '当前状态不能执行此操作');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('activities')
        .set({ status: flow.to, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      if (step === 'complete') {
        // Open check-ins are closed at the activity's end and flagged for the leader.
        await tx
          .updateTable('attendance')
          .set({ checkOutAt: a.endsAt, autoClosed: 1, needsConfirmation: 1 })
          .where('activityId', '=', id)
          .where('checkOutAt', 'is', null)
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: `activity.${step}`,
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
      });
    });
    return this.get(actor, id);
  }

  async cancel(actor: Actor, id: string, reason: string, context: AuditContext) {
    const a = await this.requireManageable(actor, id);
    if (a.status === 'completed' || a.status === 'cancelled')
      throw new AppError('CONFLICT', '当前状态不能取消');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('activities')
        .set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'activity.cancel',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
        detail: { reason },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Signs volunteers up: a volunteer themselves, or a leader/station for several members at once.
   * The capacity check and the insert happen under a lock on the activity row (FOR UPDATE on
   * PostgreSQL; SQLite serialises write transactions), so 50 racing sign-ups for 10 places give
   * exactly 10 accepted and the rest a waitlist in arrival order.
   */
  async signUp(actor: Actor, id: string, volunteerIds: string[] | undefined, context: AuditContext) {
    const a = await this.requireVisible(actor, id);
    if (a.status !== 'published' && a.status !== 'ongoing')
      throw new AppError('CONFLICT', '活动不在报名阶段');
    let targets: string[];
    if (actor.role === 'volunteer') {
      if (!actor.volunteerId) throw new AppError('FORBIDDEN');
      if (volunteerIds && volunteerIds.some((v) => v !== actor.volunteerId))
        throw new AppError('FORBIDDEN', '志愿者只能为自己报名');
      targets = [actor.volunteerId];
    } else {
      if (!(await this.canManage(actor, a.teamId)) || !volunteerIds?.length) throw new AppError('FORBIDDEN');
      const members = await this.db
        .selectFrom('memberships')
        .innerJoin('activityTeams', 'activityTeams.teamId', 'memberships.teamId')
        .select('memberships.volunteerId')
        .where('activityTeams.activityId', '=', id)
        .where('memberships.leftOn', 'is', null)
        .where('memberships.volunteerId', 'in', volunteerIds)
        .execute();
      const ok = new Set(members.map((m) => m.volunteerId));
      const outsider = volunteerIds.find((v) => !ok.has(v));
      if (outsider)
        throw new AppError('VALIDATION_FAILED', '只能为参与队伍的在队成员报名', { field: 'volunteerIds' });
      targets = [...ok];
    }
    const results = await this.db.transaction().execute(async (tx) => {
      let lock = tx.selectFrom('activities').select(['id', 'capacity']).where('id', '=', id);
      if (this.isPostgres()) lock = lock.forUpdate();
      const activity = await lock.executeTakeFirstOrThrow();
      const out: { volunteerId: string; status: 'accepted' | 'waitlisted' }[] = [];
      for (const volunteerId of targets) {
        const existing = await tx
          .selectFrom('signups')
          .select('status')
          .where('activityId', '=', id)
          .where('volunteerId', '=', volunteerId)
          .where('status', '!=', 'cancelled')
          .executeTakeFirst();
        if (existing) {
          out.push({ volunteerId, status: existing.status as 'accepted' | 'waitlisted' });
          continue;
        }
        const stats = await tx
          .selectFrom('signups')
          .select([
            sql<number>`sum(case when status = 'accepted' then 1 else 0 end)`.as('accepted'),
            sql<number>`coalesce(max(seq), 0)`.as('maxSeq'),
          ])
          .where('activityId', '=', id)
          .executeTakeFirstOrThrow();
        const status = Number(stats.accepted ?? 0) < activity.capacity ? 'accepted' : 'waitlisted';
        await tx
          .insertInto('signups')
          .values({
            id: randomUUID(),
            activityId: id,
            volunteerId,
            teamId: null,
            status,
            seq: Number(stats.maxSeq) + 1,
            signedUpBy: actor.accountId,
            signedUpAt: new Date().toISOString(),
            promotedAt: null,
            cancelledAt: null,
          })
          .execute();
        out.push({ volunteerId, status });
      }
      await new AuditRepo(tx).write(context, {
        action: 'activity.signup',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
        detail: { count: targets.length },
      });
      return out;
    });
    return { results, activity: await this.get(actor, id) };
  }

  /** Cancels a sign-up; the first on the waitlist moves up into the freed place. */
  async cancelSignUp(actor: Actor, id: string, volunteerId: string | undefined, context: AuditContext) {
    const a = await this.requireVisible(actor, id);
    const target = actor.role === 'volunteer' ? actor.volunteerId : volunteerId;
    if (!target) throw new AppError('VALIDATION_FAILED', '请指定志愿者', { field: 'volunteerId' });
    if (actor.role !== 'volunteer' && !(await this.canManage(actor, a.teamId)))
      throw new AppError('FORBIDDEN');
    await this.db.transaction().execute(async (tx) => {
      let lock = tx.selectFrom('activities').select('id').where('id', '=', id);
      if (this.isPostgres()) lock = lock.forUpdate();
      await lock.executeTakeFirstOrThrow();
      const signup = await tx
        .selectFrom('signups')
        .selectAll()
        .where('activityId', '=', id)
        .where('volunteerId', '=', target)
        .where('status', '!=', 'cancelled')
        .executeTakeFirst();
      if (!signup) throw new AppError('NOT_FOUND', '没有该报名');
      const now = new Date().toISOString();
      await tx
        .updateTable('signups')
        .set({ status: 'cancelled', cancelledAt: now })
        .where('id', '=', signup.id)
        .execute();
      if (signup.status === 'accepted') {
        const next = await tx
          .selectFrom('signups')
          .select('id')
          .where('activityId', '=', id)
          .where('status', '=', 'waitlisted')
          .orderBy('seq')
          .limit(1)
          .executeTakeFirst();
        if (next)
          await tx
            .updateTable('signups')
            .set({ status: 'accepted', promotedAt: now })
            .where('id', '=', next.id)
            .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: 'activity.signup.cancel',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
      });
    });
    return this.get(actor, id);
  }

  /** Who signed up, in order, with their attendance: for the organiser's sign-up, waitlist and 代签 lists. */
  async signups(actor: Actor, id: string) {
    await this.requireManageable(actor, id);
    const rows = await this.db
      .selectFrom('signups')
      .innerJoin('volunteers', 'volunteers.id', 'signups.volunteerId')
      .leftJoin('attendance', (join) =>
        join
          .onRef('attendance.activityId', '=', 'signups.activityId')
          .onRef('attendance.volunteerId', '=', 'signups.volunteerId'),
      )
      .select([
        'signups.volunteerId',
        'volunteers.name',
        'volunteers.volunteerNo',
        'signups.status',
        'signups.seq',
        'signups.signedUpAt',
        'attendance.checkInAt',
        'attendance.checkOutAt',
        'attendance.method',
        'attendance.needsConfirmation',
      ])
      .where('signups.activityId', '=', id)
      .where('signups.status', '!=', 'cancelled')
      .orderBy('signups.seq')
      .execute();
    let waiting = 0;
    return rows.map((r) => ({
      volunteerId: r.volunteerId,
      name: r.name,
      volunteerNo: r.volunteerNo,
      status: r.status as 'accepted' | 'waitlisted',
      position: r.status === 'waitlisted' ? ++waiting : null,
      signedUpAt: r.signedUpAt,
      checkInAt: r.checkInAt ?? null,
      checkOutAt: r.checkOutAt ?? null,
      method: r.method ?? null,
      needsConfirmation: r.needsConfirmation === 1,
    }));
  }

  /** The code on the organiser's screen (and in its QR code), valid this minute and the next. */
  async currentCode(actor: Actor, id: string, now = Date.now()) {
    const a = await this.requireManageable(actor, id);
    return {
      code: codeAt(a.checkinSecret, now),
      fixedCode: a.fixedCode,
      validForSeconds: Math.ceil((CODE_PERIOD_MS - (now % CODE_PERIOD_MS)) / 1000),
      qrPayload: `rongzhi:checkin:${id}:${codeAt(a.checkinSecret, now)}`,
    };
  }

  private inWindow(a: ActivityRow, now: number) {
    // Check-in opens 30 minutes before the start and closes at the end.
    return now >= Date.parse(a.startsAt) - 30 * 60_000 && now <= Date.parse(a.endsAt);
  }

  /** A volunteer checks in or out with the rotating code, or with the printed fixed code (then confirmed later). */
  async checkWithCode(
    actor: Actor,
    id: string,
    code: string,
    direction: 'in' | 'out',
    context: AuditContext,
    now = Date.now(),
  ) {
    if (actor.role !== 'volunteer' || !actor.volunteerId) throw new AppError('FORBIDDEN');
    const a = await this.requireVisible(actor, id);
    if (!this.inWindow(a, now)) throw new AppError('CONFLICT', '不在活动签到时间内');
    const rotating = rotatingCodeMatches(a.checkinSecret, code, now);
    const fixed = !rotating && code === a.fixedCode;
    if (!rotating && !fixed)
      throw new AppError('VALIDATION_FAILED', '签到码不正确或已过期，请看屏幕上的最新签到码', {
        field: 'code',
      });
    await this.record(a, actor.volunteerId, direction, fixed ? 'fixed' : 'code', null, context, now);
    return this.attendanceOf(id, actor.volunteerId);
  }

  /** 代签: a leader or station operator checks in an elderly volunteer without a smartphone. */
  async proxyCheck(
    actor: Actor,
    id: string,
    volunteerId: string,
    direction: 'in' | 'out',
    context: AuditContext,
    now = Date.now(),
  ) {
    const a = await this.requireManageable(actor, id);
    if (!this.inWindow(a, now)) throw new AppError('CONFLICT', '不在活动签到时间内');
    await this.record(a, volunteerId, direction, 'proxy', actor.accountId, context, now);
    return this.attendanceOf(id, volunteerId);
  }

  private async record(
    a: ActivityRow,
    volunteerId: string,
    direction: 'in' | 'out',
    method: 'code' | 'fixed' | 'proxy',
    proxyBy: string | null,
    context: AuditContext,
    now: number,
  ) {
    const signed = await this.db
      .selectFrom('signups')
      .select('id')
      .where('activityId', '=', a.id)
      .where('volunteerId', '=', volunteerId)
      .where('status', '=', 'accepted')
      .executeTakeFirst();
    if (!signed) throw new AppError('CONFLICT', '未报名或仍在候补中，不能签到');
    const at = new Date(now).toISOString();
    await this.db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('attendance')
        .selectAll()
        .where('activityId', '=', a.id)
        .where('volunteerId', '=', volunteerId)
        .executeTakeFirst();
      if (direction === 'in') {
        if (existing) throw new AppError('CONFLICT', '已经签到过了');
        await tx
          .insertInto('attendance')
          .values({
            id: randomUUID(),
            activityId: a.id,
            volunteerId,
            checkInAt: at,
            checkOutAt: null,
            method,
            proxyBy,
            needsConfirmation: method === 'fixed' ? 1 : 0,
          })
          .execute();
      } else {
        if (!existing) throw new AppError('CONFLICT', '还没有签到');
        if (existing.checkOutAt) throw new AppError('CONFLICT', '已经签退过了');
        await tx
          .updateTable('attendance')
          .set({
            checkOutAt: at,
            needsConfirmation: existing.needsConfirmation || (method === 'fixed' ? 1 : 0),
          })
          .where('id', '=', existing.id)
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: `attendance.check_${direction}`,
        result: 'success',
        targetType: 'activity',
        targetId: a.id,
        regionCode: a.regionCode,
        detail: { method, volunteerId },
      });
    });
  }

  async attendanceOf(activityId: string, volunteerId: string) {
    return this.db
      .selectFrom('attendance')
      .selectAll()
      .where('activityId', '=', activityId)
      .where('volunteerId', '=', volunteerId)
      .executeTakeFirstOrThrow();
  }

  private isPostgres(): boolean {
    return this.db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  }
}

export { starLevelFor };
