import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import {
  overdueStepLabels,
  type RequestDetail,
  type RequestFigures,
  type RequestInput,
  type RequestStatus,
  type RequestSummary,
  type Suggestion,
} from '../../shared/requests';
import { ActivitiesService } from '../activities/activities.service';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry, requestDutiesOf } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds, teamVisibility, type Scope } from '../identity/scope';
import { notify, notifyPhone } from '../notifications/notifications.service';
import { formatLocalTime, scheduleActivityReminders } from '../notifications/scheduler';
import { addWorkingDays } from '../plans/calendar';
import { TeamsService } from '../teams/teams.service';

const HOUR = 3_600_000;
/** 接单时限: the team answers within 24 hours of the dispatch. */
export const ACCEPT_WITHIN_HOURS = 24;
/** Per phone number: at most this many requests in 24 hours. */
export const REQUESTS_PER_PHONE_PER_DAY = 3;

type Eb = ExpressionBuilder<DB, 'serviceRequests'>;
type TeamsEb = ExpressionBuilder<DB, 'teams'>;

const FALSE = sql<SqlBool>`1 = 0`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const beijingDate = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const townshipOf = (code: string) => code.slice(0, 9).padEnd(12, '0');
const countyOf = (code: string) => code.slice(0, 6).padEnd(12, '0');

/**
 * Requests a scope may see: region staff those placed in their region, and any dispatched to a team they
 * can see; a team leader or organisation those dispatched to their teams.
 */
export function requestVisibility(scope: Scope): (eb: Eb) => Expression<SqlBool> {
  return (eb) => {
    if (scope.kind === 'self' || scope.kind === 'none') return FALSE;
    const viaTeam = eb.exists(
      eb
        .selectFrom('requestAssignments as visAssignment')
        .innerJoin('teams', 'teams.id', 'visAssignment.teamId')
        .select('visAssignment.id')
        .whereRef('visAssignment.requestId', '=', 'serviceRequests.id')
        .where((teb) => teamVisibility(scope)(teb as unknown as TeamsEb)),
    );
    if (scope.kind !== 'region') return viaTeam;
    const { lo, hi } = subtreeBounds(scope.regionCode);
    return eb.or([
      eb.and([eb('serviceRequests.regionCode', '>=', lo), eb('serviceRequests.regionCode', '<=', hi)]),
      viaTeam,
    ]);
  };
}

export function overdueOf(
  r: { status: string; dispatchDueAt: string; acceptDueAt: string | null },
  now: Date,
): 'dispatch' | 'accept' | null {
  const t = now.toISOString();
  if (r.status === 'submitted' && r.dispatchDueAt < t) return 'dispatch';
  if (r.status === 'dispatched' && r.acceptDueAt && r.acceptDueAt < t) return 'accept';
  return null;
}

/** 群众点单 → 派单 → 接单 → 评单. */
export class RequestsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private activities() {
    return new ActivitiesService(this.db, new TeamsService(this.db, this.crypto));
  }

  private base() {
    return this.db
      .selectFrom('serviceRequests')
      .innerJoin('serviceFields', 'serviceFields.id', 'serviceRequests.fieldId')
      .innerJoin('regions as village', 'village.code', 'serviceRequests.regionCode')
      .leftJoin('regions as township', 'township.code', 'village.parentCode')
      .leftJoin('teams', 'teams.id', 'serviceRequests.teamId')
      .selectAll('serviceRequests')
      .select([
        'serviceFields.name as fieldName',
        'village.name as regionName',
        'township.name as townshipName',
        'teams.name as teamName',
      ]);
  }

  private summary(
    r: Awaited<ReturnType<ReturnType<RequestsService['base']>['executeTakeFirstOrThrow']>>,
    now: Date,
  ): RequestSummary {
    let phone = '****';
    try {
      phone = maskPhone(this.crypto.decrypt(r.phoneEnc)) ?? '****';
    } catch {
      /* a key that can no longer decrypt: stays masked */
    }
    return {
      id: r.id,
      requestNo: r.requestNo,
      source: r.source,
      fieldId: r.fieldId,
      fieldName: r.fieldName,
      regionCode: r.regionCode,
      regionName: r.regionName,
      placeName: `${r.townshipName ?? ''}${r.regionName}`,
      address: r.address,
      wantedAt: r.wantedAt,
      contactName: r.contactName,
      phone,
      status: r.status,
      teamId: r.teamId,
      teamName: r.teamName,
      activityId: r.activityId,
      dispatchDueAt: r.dispatchDueAt,
      acceptDueAt: r.acceptDueAt,
      overdue: overdueOf(r, now),
      createdAt: r.createdAt,
      rating: r.rating,
    };
  }

  /** The place must be a real village or community of this deployment. */
  private async requireVillage(code: string) {
    const region = await this.db
      .selectFrom('regions')
      .select(['code', 'name', 'level'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!region)
      throw new AppError('VALIDATION_FAILED', '所选村（社区）不在本平台服务范围内', { field: 'regionCode' });
    if (region.level !== 'village')
      throw new AppError('VALIDATION_FAILED', '请选到村（社区）一级', { field: 'regionCode' });
    return region;
  }

  private async requireField(id: string) {
    const f = await this.db
      .selectFrom('serviceFields')
      .select(['id', 'name'])
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!f) throw new AppError('VALIDATION_FAILED', '服务类别不存在', { field: 'fieldId' });
    return f;
  }

  /**
   * Files a request: by a resident through the public page (`actor` null) or by village station staff.
   * The phone is stored only encrypted, with a keyed hash for the per-phone limit.
   */
  async submit(
    actor: Actor | null,
    input: RequestInput,
    context: AuditContext,
    now = new Date(),
  ): Promise<{ id: string; requestNo: string }> {
    const region = await this.requireVillage(input.regionCode);
    const field = await this.requireField(input.fieldId);
    if (actor) {
      const scope = scopeOf(actor);
      if (scope.kind !== 'region') throw new AppError('FORBIDDEN', '只有村（社区）及以上服务站可以代报点单');
      if (!isRegionWithin(region.code, scope.regionCode))
        throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    }
    if (Date.parse(input.wantedAt) < now.getTime() - HOUR)
      throw new AppError('VALIDATION_FAILED', '期望服务时间不能早于现在', { field: 'wantedAt' });
    const phoneHash = this.crypto.hash(input.phone);
    const recent = await this.db
      .selectFrom('serviceRequests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('phoneHash', '=', phoneHash)
      .where('createdAt', '>', new Date(now.getTime() - 24 * HOUR).toISOString())
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= REQUESTS_PER_PHONE_PER_DAY)
      throw new AppError('RATE_LIMITED', '同一手机号一天内最多点单3次，请耐心等待服务站联系', {
        field: 'phone',
      });

    const id = randomUUID();
    const requestNo = `DD${beijingDate(now).replace(/-/g, '')}-${id.slice(0, 4).toUpperCase()}`;
    const dueDay = await addWorkingDays(this.db, beijingDate(now), 1);
    const dispatchDueAt = new Date(`${dueDay}T23:59:59+08:00`).toISOString();
    const nowIso = now.toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('serviceRequests')
        .values({
          id,
          requestNo,
          source: actor ? 'station' : 'public',
          fieldId: field.id,
          regionCode: region.code,
          address: input.address,
          wantedAt: new Date(input.wantedAt).toISOString(),
          description: input.description,
          contactName: input.contactName,
          phoneEnc: this.crypto.encrypt(input.phone),
          phoneHash,
          status: 'submitted',
          teamId: null,
          activityId: null,
          dispatchDueAt,
          acceptDueAt: null,
          dispatchedAt: null,
          acceptedAt: null,
          completedAt: null,
          rating: null,
          ratingComment: null,
          ratedAt: null,
          ratingTokenHash: null,
          createdBy: actor?.accountId ?? null,
          createdAt: nowIso,
          updatedAt: nowIso,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'request.submit',
        result: 'success',
        targetType: 'service_request',
        targetId: id,
        regionCode: region.code,
        detail: { requestNo, source: actor ? 'station' : 'public' },
      });
      // The township and county stations dispatch: tell them.
      const dispatchers = await tx
        .selectFrom('accounts')
        .select('id')
        .where('regionCode', 'in', [townshipOf(region.code), countyOf(region.code)])
        .where('status', '=', 'active')
        .execute();
      await notify(tx, {
        accountIds: dispatchers.map((d) => d.id),
        template: 'request_submitted',
        params: {
          requestNo,
          field: field.name,
          place: region.name,
          due: formatLocalTime(dispatchDueAt),
        },
        link: `/requests/${id}`,
      });
      await notifyPhone(tx, input.phone, 'requester_received', { requestNo });
      await scheduleDeadline(tx, `dispatch:${id}`, dispatchDueAt, { requestId: id, step: 'dispatch' });
    });
    return { id, requestNo };
  }

  async list(
    actor: Actor,
    filter: { status?: RequestStatus; overdue?: boolean; teamId?: string },
    now = new Date(),
  ): Promise<RequestSummary[]> {
    let q = this.base().where(requestVisibility(scopeOf(actor)));
    if (filter.status) q = q.where('serviceRequests.status', '=', filter.status);
    if (filter.teamId) q = q.where('serviceRequests.teamId', '=', filter.teamId);
    if (filter.overdue) {
      const t = now.toISOString();
      q = q.where((eb) =>
        eb.or([
          eb.and([
            eb('serviceRequests.status', '=', 'submitted'),
            eb('serviceRequests.dispatchDueAt', '<', t),
          ]),
          eb.and([
            eb('serviceRequests.status', '=', 'dispatched'),
            eb('serviceRequests.acceptDueAt', '<', t),
          ]),
        ]),
      );
    }
    const rows = await q.orderBy('serviceRequests.createdAt', 'desc').limit(300).execute();
    return rows.map((r) => this.summary(r, now));
  }

  /** 超时提醒 for the badge: overdue requests this person oversees. */
  async overdueCount(actor: Actor, now = new Date()): Promise<number> {
    return (await this.list(actor, { overdue: true }, now)).length;
  }

  private async requireVisible(actor: Actor, id: string) {
    const row = await this.base()
      .where('serviceRequests.id', '=', id)
      .where(requestVisibility(scopeOf(actor)))
      .executeTakeFirst();
    if (row) return row;
    const exists = await this.db
      .selectFrom('serviceRequests')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    throw exists ? new AppError('OUT_OF_SCOPE') : new AppError('NOT_FOUND', '点单不存在');
  }

  private mayDispatch(actor: Actor, regionCode: string): boolean {
    const scope = scopeOf(actor);
    return (
      requestDutiesOf(actor).dispatch &&
      scope.kind === 'region' &&
      isRegionWithin(regionCode, scope.regionCode)
    );
  }

  private async mayAnswerFor(actor: Actor, teamId: string): Promise<boolean> {
    if (!mayKeepRegistry(actor)) return false;
    const seen = await this.db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', teamId)
      .where(teamVisibility(scopeOf(actor)))
      .executeTakeFirst();
    return !!seen;
  }

  async get(actor: Actor, id: string, now = new Date()): Promise<RequestDetail> {
    const r = await this.requireVisible(actor, id);
    const assignments = await this.db
      .selectFrom('requestAssignments')
      .innerJoin('teams', 'teams.id', 'requestAssignments.teamId')
      .leftJoin('accounts', 'accounts.id', 'requestAssignments.dispatchedBy')
      .select([
        'requestAssignments.id',
        'requestAssignments.teamId',
        'teams.name as teamName',
        'requestAssignments.status',
        'requestAssignments.reason',
        'requestAssignments.dispatchedAt',
        'accounts.displayName as dispatchedByName',
        'requestAssignments.decidedAt',
      ])
      .where('requestAssignments.requestId', '=', id)
      .orderBy('requestAssignments.dispatchedAt')
      .execute();
    const activity = r.activityId
      ? await this.db
          .selectFrom('activities')
          .select('status')
          .where('id', '=', r.activityId)
          .executeTakeFirst()
      : undefined;
    const teamAnswerable = r.teamId ? await this.mayAnswerFor(actor, r.teamId) : false;
    return {
      ...this.summary(r, now),
      description: r.description,
      dispatchedAt: r.dispatchedAt,
      acceptedAt: r.acceptedAt,
      completedAt: r.completedAt,
      ratingComment: r.ratingComment,
      ratedAt: r.ratedAt,
      activityStatus: activity?.status ?? null,
      assignments,
      canDispatch: r.status === 'submitted' && this.mayDispatch(actor, r.regionCode),
      canAnswer: r.status === 'dispatched' && teamAnswerable,
      canComplete: r.status === 'accepted' && teamAnswerable,
    };
  }

  /**
   * Suggested teams for a request: registered teams of its county with the requested service field,
   * nearest first (same village, then township, then county), then the fewest open assignments.
   * Teams that already declined this request are left out.
   */
  async suggestions(actor: Actor, id: string): Promise<Suggestion[]> {
    const r = await this.requireVisible(actor, id);
    if (!this.mayDispatch(actor, r.regionCode))
      throw new AppError('FORBIDDEN', '只有乡镇、县级服务站可以派单');
    return this.rankTeams(r.id, r.regionCode, r.fieldId, r.fieldName);
  }

  async rankTeams(
    requestId: string,
    regionCode: string,
    fieldId: string,
    fieldName: string,
  ): Promise<Suggestion[]> {
    const township = regionCode.slice(0, 9);
    const { lo, hi } = subtreeBounds(countyOf(regionCode));
    const teams = await this.db
      .selectFrom('teams')
      .innerJoin('teamFields', 'teamFields.teamId', 'teams.id')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select(['teams.id', 'teams.name', 'teams.regionCode', 'regions.name as regionName'])
      .where('teamFields.fieldId', '=', fieldId)
      .where('teams.status', '=', 'approved')
      .where('teams.regionCode', '>=', lo)
      .where('teams.regionCode', '<=', hi)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('requestAssignments')
              .select('requestAssignments.id')
              .whereRef('requestAssignments.teamId', '=', 'teams.id')
              .where('requestAssignments.requestId', '=', requestId)
              .where('requestAssignments.status', '=', 'declined'),
          ),
        ),
      )
      .execute();
    if (!teams.length) return [];
    const open = await this.db
      .selectFrom('serviceRequests')
      .select(['teamId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['dispatched', 'accepted'])
      .where(
        'teamId',
        'in',
        teams.map((t) => t.id),
      )
      .groupBy('teamId')
      .execute();
    const openOf = new Map(open.map((o) => [o.teamId, Number(o.n)]));
    const tierOf = (code: string): Suggestion['tier'] =>
      code === regionCode ? 'village' : code.startsWith(township) ? 'township' : 'county';
    const tierRank = { village: 0, township: 1, county: 2 } as const;
    const tierText = {
      village: '同村（社区）队伍',
      township: '同乡镇（街道）队伍',
      county: '本县（市、区）队伍',
    };
    return teams
      .map((t) => {
        const tier = tierOf(t.regionCode);
        const n = openOf.get(t.id) ?? 0;
        return {
          teamId: t.id,
          teamName: t.name,
          regionName: t.regionName,
          tier,
          openAssignments: n,
          reason: `${tierText[tier]}；服务领域含“${fieldName}”；当前在办${n}单`,
        };
      })
      .sort(
        (a, b) =>
          tierRank[a.tier] - tierRank[b.tier] ||
          a.openAssignments - b.openAssignments ||
          a.teamName.localeCompare(b.teamName, 'zh-CN'),
      );
  }

  /** 派单: to a registered team of the request's county; the team has 24 hours to answer. */
  async dispatch(actor: Actor, id: string, teamId: string, context: AuditContext, now = new Date()) {
    const r = await this.requireVisible(actor, id);
    if (!this.mayDispatch(actor, r.regionCode))
      throw new AppError('FORBIDDEN', '只有乡镇、县级服务站可以派单');
    if (r.status !== 'submitted') throw new AppError('CONFLICT', '该点单当前不是待派单状态');
    const team = await this.db
      .selectFrom('teams')
      .select(['id', 'name', 'regionCode', 'status'])
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (!team) throw new AppError('VALIDATION_FAILED', '队伍不存在', { field: 'teamId' });
    if (team.status !== 'approved')
      throw new AppError('VALIDATION_FAILED', '只能派给已登记的队伍', { field: 'teamId' });
    if (!isRegionWithin(team.regionCode, countyOf(r.regionCode)))
      throw new AppError('VALIDATION_FAILED', '只能派给本县（市、区）的队伍', { field: 'teamId' });
    const acceptDueAt = new Date(now.getTime() + ACCEPT_WITHIN_HOURS * HOUR).toISOString();
    const assignmentId = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('serviceRequests')
        .set({
          status: 'dispatched',
          teamId,
          dispatchedAt: now.toISOString(),
          acceptDueAt,
          updatedAt: now.toISOString(),
        })
        .where('id', '=', id)
        .where('status', '=', 'submitted')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该点单已被派出');
      await tx
        .insertInto('requestAssignments')
        .values({
          id: assignmentId,
          requestId: id,
          teamId,
          status: 'pending',
          reason: null,
          dispatchedBy: actor.accountId,
          dispatchedAt: now.toISOString(),
          decidedBy: null,
          decidedAt: null,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'request.dispatch',
        result: 'success',
        targetType: 'service_request',
        targetId: id,
        regionCode: r.regionCode,
        detail: { teamId, teamName: team.name },
      });
      const leaders = await tx
        .selectFrom('accounts')
        .select('id')
        .where('teamId', '=', teamId)
        .where('status', '=', 'active')
        .execute();
      await notify(tx, {
        accountIds: leaders.map((l) => l.id),
        template: 'request_assigned',
        params: {
          requestNo: r.requestNo,
          field: r.fieldName,
          place: `${r.townshipName ?? ''}${r.regionName}`,
          wanted: formatLocalTime(r.wantedAt),
          due: formatLocalTime(acceptDueAt),
        },
        link: `/requests/${id}`,
      });
      await scheduleDeadline(tx, `accept:${assignmentId}`, acceptDueAt, { requestId: id, step: 'accept' });
    });
    return this.get(actor, id, now);
  }

  private async pendingAssignment(id: string, teamId: string) {
    const a = await this.db
      .selectFrom('requestAssignments')
      .selectAll()
      .where('requestId', '=', id)
      .where('teamId', '=', teamId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!a) throw new AppError('CONFLICT', '该点单没有待本队答复的派单');
    return a;
  }

  /** 退回: the team declines with a reason; the request goes back to the dispatchers. */
  async decline(actor: Actor, id: string, reason: string, context: AuditContext, now = new Date()) {
    const r = await this.requireVisible(actor, id);
    if (r.status !== 'dispatched' || !r.teamId) throw new AppError('CONFLICT', '该点单当前不是待接单状态');
    if (!(await this.mayAnswerFor(actor, r.teamId)))
      throw new AppError('FORBIDDEN', '只有被派单队伍可以答复');
    const a = await this.pendingAssignment(id, r.teamId);
    const dueDay = await addWorkingDays(this.db, beijingDate(now), 1);
    const dispatchDueAt = new Date(`${dueDay}T23:59:59+08:00`).toISOString();
    await this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('requestAssignments')
        .set({ status: 'declined', reason, decidedBy: actor.accountId, decidedAt: now.toISOString() })
        .where('id', '=', a.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该派单已答复');
      await tx
        .updateTable('serviceRequests')
        .set({
          status: 'submitted',
          teamId: null,
          acceptDueAt: null,
          dispatchedAt: null,
          dispatchDueAt,
          updatedAt: now.toISOString(),
        })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'request.decline',
        result: 'success',
        targetType: 'service_request',
        targetId: id,
        regionCode: r.regionCode,
        detail: { teamId: r.teamId, reason },
      });
      await notify(tx, {
        accountIds: [a.dispatchedBy],
        template: 'request_declined',
        params: { requestNo: r.requestNo, team: r.teamName ?? '', reason },
        link: `/requests/${id}`,
      });
      await scheduleDeadline(tx, `dispatch:${id}:${a.id}`, dispatchDueAt, {
        requestId: id,
        step: 'dispatch',
      });
    });
    return this.get(actor, id, now);
  }

  /**
   * 接单: the team accepts, and the request becomes an activity of the team (published at once, so the
   * team's members sign up and their hours are recorded as for any activity).
   */
  async accept(
    actor: Actor,
    id: string,
    input: { startsAt?: string; endsAt?: string; capacity?: number },
    context: AuditContext,
    now = new Date(),
  ) {
    const r = await this.requireVisible(actor, id);
    if (r.status !== 'dispatched' || !r.teamId) throw new AppError('CONFLICT', '该点单当前不是待接单状态');
    if (!(await this.mayAnswerFor(actor, r.teamId)))
      throw new AppError('FORBIDDEN', '只有被派单队伍可以答复');
    const a = await this.pendingAssignment(id, r.teamId);
    const wanted = Date.parse(r.wantedAt);
    const startsAt = input.startsAt ?? new Date(Math.max(wanted, now.getTime() + HOUR)).toISOString();
    const endsAt = input.endsAt ?? new Date(Date.parse(startsAt) + 2 * HOUR).toISOString();
    if (Date.parse(endsAt) <= Date.parse(startsAt))
      throw new AppError('VALIDATION_FAILED', '结束时间应晚于开始时间', { field: 'endsAt' });
    const activities = this.activities();
    const activity = await activities.create(
      actor,
      {
        title: `群众点单：${r.fieldName}（${r.regionName}）`.slice(0, 100),
        kind: 'own',
        teamId: r.teamId,
        participatingTeamIds: [],
        regionCode: r.regionCode,
        fieldId: r.fieldId,
        place: `${r.townshipName ?? ''}${r.regionName}${r.address}`.slice(0, 120),
        startsAt,
        endsAt,
        capacity: input.capacity ?? 5,
        serviceObject: '点单群众',
        theme: r.fieldName.slice(0, 60),
        description: `点单编号 ${r.requestNo}：${r.description}`.slice(0, 2000),
      },
      context,
    );
    await activities.transition(actor, activity.id, 'publish', context);
    try {
      await this.db.transaction().execute(async (tx) => {
        const moved = await tx
          .updateTable('requestAssignments')
          .set({ status: 'accepted', decidedBy: actor.accountId, decidedAt: now.toISOString() })
          .where('id', '=', a.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该派单已答复');
        await tx
          .updateTable('serviceRequests')
          .set({
            status: 'accepted',
            activityId: activity.id,
            acceptedAt: now.toISOString(),
            updatedAt: now.toISOString(),
          })
          .where('id', '=', id)
          .where('status', '=', 'dispatched')
          .execute();
        await new AuditRepo(tx).write(context, {
          action: 'request.accept',
          result: 'success',
          targetType: 'service_request',
          targetId: id,
          regionCode: r.regionCode,
          detail: { teamId: r.teamId, activityId: activity.id },
        });
        await notify(tx, {
          accountIds: [a.dispatchedBy],
          template: 'request_accepted',
          params: { requestNo: r.requestNo, team: r.teamName ?? '', activity: activity.title },
          link: `/requests/${id}`,
        });
        await notifyPhone(tx, this.crypto.decrypt(r.phoneEnc), 'requester_accepted', {
          requestNo: r.requestNo,
          team: r.teamName ?? '',
          wanted: formatLocalTime(startsAt),
        });
        await scheduleActivityReminders(tx, activity.id, now);
      });
    } catch (error) {
      // Someone answered at the same moment: the activity made for this answer is withdrawn.
      await activities.cancel(actor, activity.id, '点单已由他人答复', context).catch(() => undefined);
      throw error;
    }
    return this.get(actor, id, now);
  }

  /**
   * 完成: the team closes the request (and its activity, if still open); the requester gets a one-time
   * link to rate the service.
   */
  async complete(actor: Actor, id: string, context: AuditContext, baseUrl: string, now = new Date()) {
    const r = await this.requireVisible(actor, id);
    if (r.status !== 'accepted' || !r.teamId || !r.activityId)
      throw new AppError('CONFLICT', '该点单当前不是服务中状态');
    if (!(await this.mayAnswerFor(actor, r.teamId)))
      throw new AppError('FORBIDDEN', '只有接单队伍可以完成点单');
    const activities = this.activities();
    const activity = await activities.get(actor, r.activityId);
    if (activity.status === 'cancelled') throw new AppError('CONFLICT', '关联活动已取消');
    if (activity.status !== 'completed')
      await activities.transition(actor, r.activityId, 'complete', context);
    const token = randomBytes(24).toString('base64url');
    await this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('serviceRequests')
        .set({
          status: 'completed',
          completedAt: now.toISOString(),
          ratingTokenHash: sha256(token),
          updatedAt: now.toISOString(),
        })
        .where('id', '=', id)
        .where('status', '=', 'accepted')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该点单已完成');
      await new AuditRepo(tx).write(context, {
        action: 'request.complete',
        result: 'success',
        targetType: 'service_request',
        targetId: id,
        regionCode: r.regionCode,
      });
      await notifyPhone(tx, this.crypto.decrypt(r.phoneEnc), 'requester_rate', {
        requestNo: r.requestNo,
        link: `${baseUrl}/request/rate/${token}`,
      });
    });
    return this.get(actor, id, now);
  }

  /** The rating page: what is being rated, found by the link's token. */
  async byToken(token: string) {
    const r = await this.base()
      .where('serviceRequests.ratingTokenHash', '=', sha256(token))
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', '评价链接无效');
    return {
      requestNo: r.requestNo,
      fieldName: r.fieldName,
      placeName: `${r.townshipName ?? ''}${r.regionName}`,
      teamName: r.teamName ?? '',
      completedAt: r.completedAt,
      rated: r.ratedAt !== null,
      rating: r.rating,
    };
  }

  /** 评单: once per link. */
  async rate(token: string, rating: number, comment: string, context: AuditContext, now = new Date()) {
    const hash = sha256(token);
    const r = await this.db
      .selectFrom('serviceRequests')
      .select(['id', 'regionCode', 'status'])
      .where('ratingTokenHash', '=', hash)
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', '评价链接无效');
    await this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('serviceRequests')
        .set({
          status: 'rated',
          rating,
          ratingComment: comment,
          ratedAt: now.toISOString(),
          updatedAt: now.toISOString(),
        })
        .where('id', '=', r.id)
        .where('ratingTokenHash', '=', hash)
        .where('status', '=', 'completed')
        .where('ratedAt', 'is', null)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '本次服务已评价，感谢您的反馈');
      await new AuditRepo(tx).write(context, {
        action: 'request.rate',
        result: 'success',
        targetType: 'service_request',
        targetId: r.id,
        regionCode: r.regionCode,
        detail: { rating },
      });
    });
    return { ok: true as const };
  }

  /** Figures for a region or a team: requests by field, time to accept, satisfaction. */
  async figures(actor: Actor, filter: { regionCode?: string; teamId?: string }): Promise<RequestFigures> {
    const scope = scopeOf(actor);
    if (
      filter.regionCode &&
      !(scope.kind === 'region' && isRegionWithin(filter.regionCode, scope.regionCode))
    )
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    let q = this.base().where(requestVisibility(scope));
    if (filter.regionCode) {
      const { lo, hi } = subtreeBounds(filter.regionCode);
      q = q.where('serviceRequests.regionCode', '>=', lo).where('serviceRequests.regionCode', '<=', hi);
    }
    if (filter.teamId) q = q.where('serviceRequests.teamId', '=', filter.teamId);
    const rows = await q.execute();
    const byField = new Map<string, number>();
    for (const r of rows) byField.set(r.fieldName, (byField.get(r.fieldName) ?? 0) + 1);
    const accepted = rows.filter((r) => r.acceptedAt);
    const rated = rows.filter((r) => r.rating !== null);
    const round1 = (n: number) => Math.round(n * 10) / 10;
    return {
      total: rows.length,
      closed: rows.filter((r) => r.status === 'completed' || r.status === 'rated').length,
      byField: [...byField]
        .map(([fieldName, count]) => ({ fieldName, count }))
        .sort((a, b) => b.count - a.count),
      avgAcceptHours: accepted.length
        ? round1(
            accepted.reduce((s, r) => s + (Date.parse(r.acceptedAt!) - Date.parse(r.createdAt)), 0) /
              accepted.length /
              HOUR,
          )
        : null,
      satisfaction: rated.length ? round1(rated.reduce((s, r) => s + r.rating!, 0) / rated.length) : null,
      rated: rated.length,
    };
  }
}

/** A check at a deadline: if the step is still open then, the level above is told. */
async function scheduleDeadline(
  tx: Kysely<DB>,
  key: string,
  dueAt: string,
  payload: { requestId: string; step: 'dispatch' | 'accept' },
): Promise<void> {
  await tx
    .insertInto('jobs')
    .values({
      id: randomUUID(),
      kind: 'request_deadline',
      dedupeKey: `request_deadline:${key}`,
      payload: JSON.stringify(payload),
      dueAt,
      status: 'pending',
      lockedUntil: null,
      lastError: null,
      createdAt: new Date().toISOString(),
      doneAt: null,
    })
    .onConflict((oc) => oc.column('dedupeKey').doNothing())
    .execute();
}

export { overdueStepLabels };
