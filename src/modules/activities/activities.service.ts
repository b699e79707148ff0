import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Selectable } from 'kysely';
import type { ActivitiesTable, AttendanceTable, DB } from '../../db/types';
import { AppError } from '../../server/errors';
import {
  outputKinds,
  starLevelFor,
  type Activity,
  type ActivityInput,
  type ActivityStatus,
  type AttendanceOutcome,
  type AttendanceRow,
  type OutputKind,
  type OutputTotals,
} from '../../shared/activities';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry } from '../identity/policy';
import { activityVisibility, isRegionWithin, scopeOf, teamVisibility } from '../identity/scope';
import { FailureThrottle } from '../identity/throttle';
import { TeamsService } from '../teams/teams.service';
import { outputsOf } from './outputs';
import { runGrouped, type GroupedWork } from '../audit/commitGroup';
import { codeAt, CODE_PERIOD_MS, newCheckinSecret, newFixedCode, rotatingCodeMatches } from './checkinCode';

type ActivityRow = Selectable<ActivitiesTable> & { teamName: string };
const statusFlow: Record<'publish' | 'start' | 'complete', { from: ActivityStatus[]; to: ActivityStatus }> = {
  publish: { from: ['draft'], to: 'published' },
  start: { from: ['published'], to: 'ongoing' },
  complete: { from: ['published', 'ongoing'], to: 'completed' },
};

/**
 * Wrong check-in codes, per process: a code has six digits and three are valid at a time, so guessing
 * is cut off after a few misses — per account and activity, and per account over all activities.
 */
export class CheckinCodeThrottle {
  readonly perActivity = new FailureThrottle(5, 10 * 60_000);
  readonly perAccount = new FailureThrottle(20, 10 * 60_000);
}
const sharedCheckinThrottle = new CheckinCodeThrottle();

/** Activities, sign-up with a capacity that holds under concurrency, and attendance. */
export class ActivitiesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly teams: TeamsService,
    private readonly codeMisses: CheckinCodeThrottle = sharedCheckinThrottle,
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

  /** The teams (of those given) the caller may manage: one query for a whole page of activities. */
  private async manageableTeams(actor: Actor, teamIds: string[]): Promise<Set<string>> {
    if (!mayKeepRegistry(actor) || teamIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('teams')
      .select('id')
      .where('id', 'in', [...new Set(teamIds)])
      .where(teamVisibility(scopeOf(actor)))
      .execute();
    return new Set(rows.map((r) => r.id));
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
          .select(['activityId', 'status', 'seq', 'promotedAt'])
          .where('activityId', 'in', ids)
          .where('volunteerId', '=', actor.volunteerId)
          .where('status', '!=', 'cancelled')
          .execute()
      : [];
    // Waiting-list places for every activity the caller waits on, in one query.
    const waitingOn = mine.filter((m) => m.status === 'waitlisted').map((m) => m.activityId);
    const queue = waitingOn.length
      ? await this.db
          .selectFrom('signups')
          .select(['activityId', 'seq'])
          .where('activityId', 'in', waitingOn)
          .where('status', '=', 'waitlisted')
          .execute()
      : [];
    const manageable = await this.manageableTeams(
      actor,
      rows.map((r) => r.teamId),
    );
    const participants = await this.db
      .selectFrom('activityTeams')
      .innerJoin('teams', 'teams.id', 'activityTeams.teamId')
      .select(['activityTeams.activityId', 'teams.id', 'teams.name'])
      .where('activityTeams.activityId', 'in', ids)
      .orderBy('teams.name')
      .execute();
    return rows.map((r) => {
      const count = (s: string) =>
        Number(counts.find((c) => c.activityId === r.id && c.status === s)?.n ?? 0);
      const my = mine.find((m) => m.activityId === r.id);
      const position =
        my?.status === 'waitlisted'
          ? queue.filter((q) => q.activityId === r.id && q.seq < my.seq).length + 1
          : null;
      const teams = participants.filter((p) => p.activityId === r.id);
      const ordered = [
        { id: r.teamId, name: r.teamName },
        ...teams.filter((p) => p.id !== r.teamId).map((p) => ({ id: p.id, name: p.name })),
      ];
      return {
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
        canManage: manageable.has(r.teamId),
        participatingTeamIds: ordered.map((x) => x.id),
        participatingTeams: ordered,
        mySignup: my
          ? {
              status: my.status as 'accepted' | 'waitlisted',
              position,
              promoted: my.status === 'accepted' && !!my.promotedAt,
            }
          : null,
      };
    });
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
    const others = input.participatingTeamIds.filter((t) => t !== input.teamId);
    if (input.kind === 'own' && others.length)
      throw new AppError('VALIDATION_FAILED', '日常自主活动只由一支队伍组织，不能选参与队伍', {
        field: 'participatingTeamIds',
      });
    for (const t of others) {
      const p = await this.teams.requireVisible(actor, t);
      if (p.status !== 'approved')
        throw new AppError('VALIDATION_FAILED', `参与队伍“${p.name}”尚未登记`, {
          field: 'participatingTeamIds',
        });
    }
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

  async requireManageable(actor: Actor, id: string): Promise<ActivityRow> {
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
      const now = new Date().toISOString();
      // The status guard in the update: two staff pressing the same button at once change it once.
      const changed = await tx
        .updateTable('activities')
        .set({ status: flow.to, updatedAt: now })
        .where('id', '=', id)
        .where('status', 'in', flow.from)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', '活动状态已被他人更改，请刷新后重试');
      if (step === 'complete') {
        // Open check-ins are closed at the activity's end (or now, when it ends early) and flagged for
        // the leader.
        const closeAt = Date.parse(now) < Date.parse(a.endsAt) ? now : a.endsAt;
        await tx
          .updateTable('attendance')
          .set({ checkOutAt: closeAt, autoClosed: 1, needsConfirmation: 1 })
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
      const changed = await tx
        .updateTable('activities')
        .set({ status: 'cancelled', cancelReason: reason, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .where('status', 'not in', ['completed', 'cancelled'])
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', '活动状态已被他人更改，请刷新后重试');
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
      if (!volunteerIds?.length)
        throw new AppError('VALIDATION_FAILED', '请选择要报名的志愿者', { field: 'volunteerIds' });
      await this.requireActingFor(actor, a, volunteerIds);
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
    // In the commit group: simultaneous sign-ups share one commit, in arrival order (the capacity check
    // still sees every earlier sign-up of the group, in the same transaction).
    const results = await runGrouped(this.db, async (tx) => {
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
      return {
        value: out,
        audit: {
          context,
          event: {
            action: 'activity.signup',
            result: 'success' as const,
            targetType: 'activity',
            targetId: id,
            regionCode: a.regionCode,
            detail: { count: targets.length },
          },
        },
      };
    });
    return { results, activity: await this.get(actor, id) };
  }

  /** Cancels a sign-up; the first on the waitlist moves up into the freed place. */
  async cancelSignUp(actor: Actor, id: string, volunteerId: string | undefined, context: AuditContext) {
    const a = await this.requireVisible(actor, id);
    const target = actor.role === 'volunteer' ? actor.volunteerId : volunteerId;
    if (!target) throw new AppError('VALIDATION_FAILED', '请指定志愿者', { field: 'volunteerId' });
    if (actor.role !== 'volunteer') await this.requireActingFor(actor, a, [target]);
    await this.db.transaction().execute(async (tx) => {
      if (!(await releaseSignUp(tx, id, target, this.isPostgres())))
        throw new AppError('NOT_FOUND', '没有该报名');
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

  /** Check-in is open for a published or ongoing activity, from 30 minutes before the start to the end. */
  private requireCheckinOpen(a: ActivityRow, now: number) {
    if (a.status !== 'published' && a.status !== 'ongoing')
      throw new AppError('CONFLICT', '活动未发布、已结束或已取消，不能签到');
    if (now < Date.parse(a.startsAt) - 30 * 60_000 || now > Date.parse(a.endsAt))
      throw new AppError('CONFLICT', '不在活动签到时间内');
  }

  /**
   * Staff acting for volunteers in an activity (sign-up, cancelling, 代签): the organiser for anyone; in
   * a 集中统一活动 the leader of a participating team for the active members of their own team(s).
   */
  private async requireActingFor(actor: Actor, a: ActivityRow, volunteerIds: string[]) {
    const reviewers = await this.reviewableTeams(actor, a);
    if (!reviewers.all && reviewers.teams.size === 0)
      throw new AppError('FORBIDDEN', '只有组织队伍或参与队伍的负责人可以为志愿者办理');
    if (reviewers.all) return;
    const teamsOf = await this.teamsOfMembers(a.id, volunteerIds);
    if (volunteerIds.some((v) => !(teamsOf.get(v) ?? []).some((t) => reviewers.teams.has(t))))
      throw new AppError('OUT_OF_SCOPE', '只能为本队在队成员办理', { field: 'volunteerIds' });
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
    this.requireCheckinOpen(a, now);
    const keys = { activity: `${actor.accountId}:${id}`, account: actor.accountId };
    const miss = async (reason: 'wrong_code' | 'rate_limited') => {
      // Misses leave a trace (no data changes), so guessing is visible in the audit log.
      await new AuditRepo(this.db).write(context, {
        action: `attendance.check_${direction}`,
        result: 'failure',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
        detail: { reason, volunteerId: actor.volunteerId },
      });
    };
    if (
      this.codeMisses.perActivity.blocked(keys.activity, now) ||
      this.codeMisses.perAccount.blocked(keys.account, now)
    ) {
      await miss('rate_limited');
      throw new AppError('RATE_LIMITED', '签到码错误次数过多，请10分钟后再试，或请负责人代签', {
        field: 'code',
      });
    }
    const rotating = rotatingCodeMatches(a.checkinSecret, code, now);
    const fixed = !rotating && code === a.fixedCode;
    if (!rotating && !fixed) {
      this.codeMisses.perActivity.fail(keys.activity, now);
      this.codeMisses.perAccount.fail(keys.account, now);
      await miss('wrong_code');
      throw new AppError('VALIDATION_FAILED', '签到码不正确或已过期，请看屏幕上的最新签到码', {
        field: 'code',
      });
    }
    return this.record(a, actor.volunteerId, direction, fixed ? 'fixed' : 'code', null, context, now);
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
    const a = await this.requireVisible(actor, id);
    await this.requireActingFor(actor, a, [volunteerId]);
    this.requireCheckinOpen(a, now);
    return this.record(a, volunteerId, direction, 'proxy', actor.accountId, context, now);
  }

  /**
   * Writes a check-in or check-out and its audit entry. Through the commit group (audit/commitGroup.ts):
   * concurrent check-ins share one transaction and one commit, and each is answered only after that
   * commit. A refusal ("already checked in") is thrown before anything is written, as the group requires.
   */
  private async record(
    a: ActivityRow,
    volunteerId: string,
    direction: 'in' | 'out',
    method: 'code' | 'fixed' | 'proxy',
    proxyBy: string | null,
    context: AuditContext,
    now: number,
  ): Promise<Selectable<AttendanceTable>> {
    const signed = await this.db
      .selectFrom('signups')
      .select('id')
      .where('activityId', '=', a.id)
      .where('volunteerId', '=', volunteerId)
      .where('status', '=', 'accepted')
      .executeTakeFirst();
    if (!signed) throw new AppError('CONFLICT', '未报名或仍在候补中，不能签到');
    const at = new Date(now).toISOString();
    const audit = {
      context,
      event: {
        action: `attendance.check_${direction}`,
        result: 'success' as const,
        targetType: 'activity',
        targetId: a.id,
        regionCode: a.regionCode,
        detail: { method, volunteerId },
      },
    };
    const unit: GroupedWork<Selectable<AttendanceTable>> = async (tx) => {
      if (direction === 'in') {
        // One statement: the unique (activity, volunteer) index decides "already checked in", also
        // against a check-in committed by another process a moment ago.
        const row = await tx
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
          .onConflict((oc) => oc.columns(['activityId', 'volunteerId']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AppError('CONFLICT', '已经签到过了');
        return { value: row, audit };
      }
      const existing = await tx
        .selectFrom('attendance')
        .select(['id', 'checkOutAt', 'needsConfirmation'])
        .where('activityId', '=', a.id)
        .where('volunteerId', '=', volunteerId)
        .executeTakeFirst();
      if (!existing) throw new AppError('CONFLICT', '还没有签到');
      if (existing.checkOutAt) throw new AppError('CONFLICT', '已经签退过了');
      const row = await tx
        .updateTable('attendance')
        .set({
          checkOutAt: at,
          needsConfirmation: existing.needsConfirmation || (method === 'fixed' ? 1 : 0),
        })
        .where('id', '=', existing.id)
        .where('checkOutAt', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError('CONFLICT', '已经签退过了');
      return { value: row, audit };
    };
    return runGrouped(this.db, unit);
  }

  async attendanceOf(activityId: string, volunteerId: string) {
    return this.db
      .selectFrom('attendance')
      .selectAll()
      .where('activityId', '=', activityId)
      .where('volunteerId', '=', volunteerId)
      .executeTakeFirstOrThrow();
  }

  /**
   * The teams whose members the caller may decide for in this activity: all of them for the organiser;
   * in a 集中统一活动 the leader of a participating team decides for their own members.
   */
  async reviewableTeams(actor: Actor, a: ActivityRow): Promise<{ all: boolean; teams: Set<string> }> {
    if (!mayKeepRegistry(actor)) return { all: false, teams: new Set() };
    const teamIds = (
      await this.db.selectFrom('activityTeams').select('teamId').where('activityId', '=', a.id).execute()
    ).map((t) => t.teamId);
    const manageable = await this.manageableTeams(actor, [a.teamId, ...teamIds]);
    return { all: manageable.has(a.teamId), teams: manageable };
  }

  /** Each volunteer's active team among the activity's teams (the first found), for whose leader confirms. */
  async teamsOfMembers(activityId: string, volunteerIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (volunteerIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('activityTeams', 'activityTeams.teamId', 'memberships.teamId')
      .select(['memberships.volunteerId', 'memberships.teamId'])
      .where('activityTeams.activityId', '=', activityId)
      .where('memberships.leftOn', 'is', null)
      .where('memberships.volunteerId', 'in', volunteerIds)
      .execute();
    for (const r of rows) out.set(r.volunteerId, [...(out.get(r.volunteerId) ?? []), r.teamId]);
    return out;
  }

  /**
   * Every attendance of an activity with what became of it: recorded, waiting for the leader's
   * confirmation (fixed code, or closed automatically at the end), rejected, too short to count, or
   * still open. Shown to the organiser and the leaders of participating teams.
   */
  async attendance(actor: Actor, id: string): Promise<AttendanceRow[]> {
    const a = await this.requireVisible(actor, id);
    const reviewers = await this.reviewableTeams(actor, a);
    if (!reviewers.all && reviewers.teams.size === 0) throw new AppError('FORBIDDEN');
    const rows = await this.db
      .selectFrom('attendance')
      .innerJoin('volunteers', 'volunteers.id', 'attendance.volunteerId')
      .select([
        'attendance.volunteerId',
        'volunteers.name',
        'volunteers.volunteerNo',
        'attendance.checkInAt',
        'attendance.checkOutAt',
        'attendance.method',
        'attendance.autoClosed',
        'attendance.needsConfirmation',
        'attendance.reviewResult',
        'attendance.reviewNote',
      ])
      .where('attendance.activityId', '=', id)
      .orderBy('attendance.checkInAt')
      .execute();
    const recorded = new Set(
      (
        await this.db
          .selectFrom('serviceRecords')
          .select('volunteerId')
          .where('activityId', '=', id)
          .where('correctsId', 'is', null)
          .execute()
      ).map((r) => r.volunteerId),
    );
    const teamsOf = await this.teamsOfMembers(
      id,
      rows.map((r) => r.volunteerId),
    );
    const out: AttendanceRow[] = [];
    for (const r of rows) {
      const memberTeams = teamsOf.get(r.volunteerId) ?? [];
      const mayReview = reviewers.all || memberTeams.some((t) => reviewers.teams.has(t));
      if (!mayReview) continue;
      const minutes = r.checkOutAt ? creditedMinutes(a, r.checkInAt, r.checkOutAt) : null;
      out.push({
        volunteerId: r.volunteerId,
        name: r.name,
        volunteerNo: r.volunteerNo,
        checkInAt: r.checkInAt,
        checkOutAt: r.checkOutAt,
        method: r.method,
        autoClosed: r.autoClosed === 1,
        needsConfirmation: r.needsConfirmation === 1,
        reviewResult: r.reviewResult,
        reviewNote: r.reviewNote,
        minutes,
        outcome: attendanceOutcome(r, minutes, recorded.has(r.volunteerId)),
        canReview: r.needsConfirmation === 1 && !recorded.has(r.volunteerId),
      });
    }
    return out;
  }

  /**
   * The leader confirms or rejects check-ins that wait for confirmation (printed fixed code, or closed
   * automatically at the end). Only confirmed ones become service records; a decision can be changed
   * until a record has been made from it.
   */
  async reviewAttendance(
    actor: Actor,
    id: string,
    volunteerIds: string[],
    decision: 'confirm' | 'reject',
    note: string | null,
    context: AuditContext,
  ): Promise<AttendanceRow[]> {
    const a = await this.requireVisible(actor, id);
    const reviewers = await this.reviewableTeams(actor, a);
    if (!reviewers.all && reviewers.teams.size === 0)
      throw new AppError('FORBIDDEN', '只有组织队伍或参与队伍的负责人可以确认签到');
    if (decision === 'reject' && !note?.trim())
      throw new AppError('VALIDATION_FAILED', '请填写不予确认的原因', { field: 'note' });
    const targets = [...new Set(volunteerIds)];
    const rows = await this.db
      .selectFrom('attendance')
      .select(['id', 'volunteerId', 'needsConfirmation', 'checkOutAt'])
      .where('activityId', '=', id)
      .where('volunteerId', 'in', targets)
      .execute();
    if (rows.length !== targets.length)
      throw new AppError('NOT_FOUND', '所选志愿者没有本活动的签到', { field: 'volunteerIds' });
    if (rows.some((r) => r.needsConfirmation !== 1))
      throw new AppError('CONFLICT', '所选签到不需要确认', { field: 'volunteerIds' });
    if (rows.some((r) => !r.checkOutAt))
      throw new AppError('CONFLICT', '尚未签退的签到不能确认', { field: 'volunteerIds' });
    if (!reviewers.all) {
      const teamsOf = await this.teamsOfMembers(id, targets);
      if (targets.some((v) => !(teamsOf.get(v) ?? []).some((t) => reviewers.teams.has(t))))
        throw new AppError('OUT_OF_SCOPE', '只能确认本队成员的签到', { field: 'volunteerIds' });
    }
    const recorded = await this.db
      .selectFrom('serviceRecords')
      .select('volunteerId')
      .where('activityId', '=', id)
      .where('volunteerId', 'in', targets)
      .executeTakeFirst();
    if (recorded) throw new AppError('CONFLICT', '已生成服务记录的签到不能再改', { field: 'volunteerIds' });
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('attendance')
        .set({
          reviewResult: decision === 'confirm' ? 'confirmed' : 'rejected',
          reviewedBy: actor.accountId,
          reviewedAt: now,
          reviewNote: note?.trim() || null,
        })
        .where('activityId', '=', id)
        .where('volunteerId', 'in', targets)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: decision === 'confirm' ? 'attendance.confirm' : 'attendance.reject',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
        detail: { volunteerIds: targets, note: note?.trim() || undefined },
      });
    });
    return this.attendance(actor, id);
  }

  async outputs(actor: Actor, id: string): Promise<{ kind: OutputKind; quantity: number }[]> {
    await this.requireVisible(actor, id);
    const rows = await this.db
      .selectFrom('activityOutputs')
      .select(['kind', 'quantity'])
      .where('activityId', '=', id)
      .execute();
    return outputKinds
      .map((k) => rows.find((r) => r.kind === k))
      .filter((r): r is { kind: OutputKind; quantity: number } => !!r)
      .map((r) => ({ kind: r.kind, quantity: Number(r.quantity) }));
  }

  /** The organiser records (and later corrects) the outputs: all of them replace the previous ones. */
  async setOutputs(
    actor: Actor,
    id: string,
    outputs: { kind: OutputKind; quantity: number }[],
    context: AuditContext,
  ) {
    const a = await this.requireManageable(actor, id);
    if (a.status === 'draft' || a.status === 'cancelled')
      throw new AppError('CONFLICT', '草稿或已取消的活动不能登记成果');
    const kinds = outputs.map((o) => o.kind);
    if (new Set(kinds).size !== kinds.length)
      throw new AppError('VALIDATION_FAILED', '每类成果只填一次', { field: 'outputs' });
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('activityOutputs').where('activityId', '=', id).execute();
      if (outputs.length)
        await tx
          .insertInto('activityOutputs')
          .values(
            outputs.map((o) => ({ id: randomUUID(), activityId: id, kind: o.kind, quantity: o.quantity })),
          )
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'activity.outputs.set',
        result: 'success',
        targetType: 'activity',
        targetId: id,
        regionCode: a.regionCode,
        detail: { outputs },
      });
    });
    return this.outputs(actor, id);
  }

  /**
   * Outputs added up over the activities (published, ongoing or completed) the caller may see, organised or joined by a
   * team, by the teams of a brand, or held in a region's subtree, optionally in one year (Beijing time).
   */
  async outputTotals(
    actor: Actor,
    filter: { teamId?: string; regionCode?: string; brandId?: string; year?: number },
  ): Promise<OutputTotals> {
    const scope = scopeOf(actor);
    if (filter.teamId) await this.teams.requireVisible(actor, filter.teamId);
    if (filter.brandId) {
      const brand = await this.db
        .selectFrom('brands')
        .select('id')
        .where('id', '=', filter.brandId)
        .executeTakeFirst();
      if (!brand) throw new AppError('NOT_FOUND', '品牌不存在', { field: 'brandId' });
    }
    const home = await this.volunteerHome(actor);
    const result = await outputsOf(this.db, {
      involving: filter.teamId ? [filter.teamId] : undefined,
      brandId: filter.brandId,
      regionCode: filter.regionCode,
      year: filter.year,
      where: activityVisibility(scope, home),
    });
    return { year: filter.year ?? null, ...result };
  }

  private isPostgres(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }
}

/** Minutes inside the activity's window between check-in and check-out (travel time does not count). */
export function creditedMinutes(
  a: { startsAt: string; endsAt: string },
  checkInAt: string,
  checkOutAt: string,
): number {
  const from = Math.max(Date.parse(checkInAt), Date.parse(a.startsAt));
  const to = Math.min(Date.parse(checkOutAt), Date.parse(a.endsAt));
  return Math.max(0, Math.min(1440, Math.floor((to - from) / 60_000)));
}

/** What became (or will become) of one attendance. */
export function attendanceOutcome(
  r: { checkOutAt: string | null; needsConfirmation: number; reviewResult: string | null },
  minutes: number | null,
  recorded: boolean,
): AttendanceOutcome {
  if (recorded) return 'recorded';
  if (!r.checkOutAt || minutes === null) return 'open';
  if (r.needsConfirmation === 1 && r.reviewResult === 'rejected') return 'rejected';
  if (r.needsConfirmation === 1 && r.reviewResult !== 'confirmed') return 'awaiting_review';
  if (minutes < 1) return 'too_short';
  return 'ready';
}

export { starLevelFor };

/**
 * Cancels one live sign-up inside the caller's transaction, the activity row locked first (PostgreSQL) so
 * concurrent sign-ups see the freed place; the first on the waitlist moves up into it. False when the
 * volunteer holds no live sign-up. Used by 取消报名 and by the anonymisation of a deleted person.
 */
export async function releaseSignUp(
  tx: Transaction<DB>,
  activityId: string,
  volunteerId: string,
  postgres: boolean,
): Promise<boolean> {
  let lock = tx.selectFrom('activities').select('id').where('id', '=', activityId);
  if (postgres) lock = lock.forUpdate();
  await lock.executeTakeFirstOrThrow();
  const signup = await tx
    .selectFrom('signups')
    .selectAll()
    .where('activityId', '=', activityId)
    .where('volunteerId', '=', volunteerId)
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  if (!signup) return false;
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
      .where('activityId', '=', activityId)
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
  return true;
}
