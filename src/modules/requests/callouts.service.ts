import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import type { CallOutDetail, CallOutInput, CallOutSummary, MyCallOut } from '../../shared/requests';
import { levelOfCode } from '../../shared/regions';
import { ActivitiesService } from '../activities/activities.service';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { requestDutiesOf } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds, teamVisibility } from '../identity/scope';
import { notify } from '../notifications/notifications.service';
import { formatLocalTime, scheduleActivityReminders } from '../notifications/scheduler';
import { TeamsService } from '../teams/teams.service';

/**
 * 紧急召集: the county or city bureau calls out every registered team of a service field in a county
 * (and, if asked, its neighbours — taken as the other counties of the same city); members answer from
 * their phones and the organiser watches the tally; the call-out can become an activity.
 */
export class CallOutsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  /** The counties a call-out covers: the county, and with neighbours its sibling counties. */
  async countiesOf(countyCode: string, includeNeighbours: boolean): Promise<string[]> {
    if (!includeNeighbours) return [countyCode];
    const county = await this.db
      .selectFrom('regions')
      .select('parentCode')
      .where('code', '=', countyCode)
      .executeTakeFirst();
    if (!county?.parentCode) return [countyCode];
    const siblings = await this.db
      .selectFrom('regions')
      .select('code')
      .where('parentCode', '=', county.parentCode)
      .where('level', '=', 'county')
      .execute();
    return [countyCode, ...siblings.map((s) => s.code).filter((c) => c !== countyCode)];
  }

  /** Registered teams of the field in the counties. */
  async matchingTeams(fieldId: string, counties: string[]) {
    if (!counties.length) return [];
    return this.db
      .selectFrom('teams')
      .innerJoin('teamFields', 'teamFields.teamId', 'teams.id')
      .select(['teams.id', 'teams.name', 'teams.regionCode'])
      .where('teamFields.fieldId', '=', fieldId)
      .where('teams.status', '=', 'approved')
      .where((eb) =>
        eb.or(
          counties.map((c) => {
            const { lo, hi } = subtreeBounds(c);
            return eb.and([eb('teams.regionCode', '>=', lo), eb('teams.regionCode', '<=', hi)]);
          }),
        ),
      )
      .orderBy('teams.regionCode')
      .orderBy('teams.name')
      .execute();
  }

  private requireOrganiser(actor: Actor, regionCode?: string) {
    const scope = scopeOf(actor);
    if (!requestDutiesOf(actor).callOut || scope.kind !== 'region')
      throw new AppError('FORBIDDEN', '只有县级及以上退役军人事务局可以发起紧急召集');
    if (regionCode && !isRegionWithin(regionCode, scope.regionCode)) throw new AppError('OUT_OF_SCOPE');
    return scope;
  }

  async create(actor: Actor, input: CallOutInput, context: AuditContext): Promise<CallOutDetail> {
    this.requireOrganiser(actor);
    const scope = scopeOf(actor);
    const county = await this.db
      .selectFrom('regions')
      .select(['code', 'level'])
      .where('code', '=', input.countyCode)
      .executeTakeFirst();
    if (!county || county.level !== 'county' || levelOfCode(county.code) !== 'county')
      throw new AppError('VALIDATION_FAILED', '请选择县（市、区）', { field: 'countyCode' });
    if (scope.kind !== 'region' || !isRegionWithin(county.code, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'countyCode' });
    const field = await this.db
      .selectFrom('serviceFields')
      .select(['id', 'name'])
      .where('id', '=', input.fieldId)
      .executeTakeFirst();
    if (!field) throw new AppError('VALIDATION_FAILED', '服务类别不存在', { field: 'fieldId' });
    const teams = await this.matchingTeams(
      field.id,
      await this.countiesOf(county.code, input.includeNeighbours),
    );
    if (!teams.length)
      throw new AppError('VALIDATION_FAILED', '所选区域内没有该服务类别的已登记队伍', { field: 'fieldId' });
    const members = await this.db
      .selectFrom('memberships')
      .select(['volunteerId', 'teamId'])
      .where(
        'teamId',
        'in',
        teams.map((t) => t.id),
      )
      .where('leftOn', 'is', null)
      .execute();
    const reached = new Map<string, string>();
    for (const m of members) if (!reached.has(m.volunteerId)) reached.set(m.volunteerId, m.teamId);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('callOuts')
        .values({
          id,
          title: input.title,
          fieldId: field.id,
          regionCode: county.code,
          includeNeighbours: input.includeNeighbours ? 1 : 0,
          place: input.place,
          startsAt: new Date(input.startsAt).toISOString(),
          endsAt: new Date(input.endsAt).toISOString(),
          description: input.description,
          status: 'open',
          activityId: null,
          createdBy: actor.accountId,
          createdAt: now,
        })
        .execute();
      const rows = [...reached].map(([volunteerId, teamId]) => ({
        callOutId: id,
        volunteerId,
        teamId,
        answer: null,
        answeredAt: null,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await tx
          .insertInto('callOutMembers')
          .values(rows.slice(i, i + 200))
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'callout.create',
        result: 'success',
        targetType: 'call_out',
        targetId: id,
        regionCode: county.code,
        detail: { teams: teams.length, members: rows.length, includeNeighbours: input.includeNeighbours },
      });
      await notify(tx, {
        volunteerIds: [...reached.keys()],
        template: 'call_out',
        params: { title: input.title, place: input.place, time: formatLocalTime(input.startsAt) },
        link: '/me/callouts',
      });
    });
    return this.get(actor, id);
  }

  private async requireVisible(actor: Actor, id: string) {
    const scope = this.requireOrganiser(actor);
    const row = await this.db
      .selectFrom('callOuts')
      .innerJoin('serviceFields', 'serviceFields.id', 'callOuts.fieldId')
      .innerJoin('regions', 'regions.code', 'callOuts.regionCode')
      .selectAll('callOuts')
      .select(['serviceFields.name as fieldName', 'regions.name as regionName'])
      .where('callOuts.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '召集不存在');
    if (!isRegionWithin(row.regionCode, scope.regionCode) && row.createdBy !== actor.accountId)
      throw new AppError('OUT_OF_SCOPE');
    return row;
  }

  private async tallies(ids: string[]) {
    if (!ids.length) return new Map<string, { reached: number; available: number; unavailable: number }>();
    const rows = await this.db
      .selectFrom('callOutMembers')
      .select(['callOutId', 'answer', (eb) => eb.fn.countAll<number>().as('n')])
      .where('callOutId', 'in', ids)
      .groupBy(['callOutId', 'answer'])
      .execute();
    const out = new Map<string, { reached: number; available: number; unavailable: number }>();
    for (const r of rows) {
      const t = out.get(r.callOutId) ?? { reached: 0, available: 0, unavailable: 0 };
      t.reached += Number(r.n);
      if (r.answer === 'available') t.available += Number(r.n);
      if (r.answer === 'unavailable') t.unavailable += Number(r.n);
      out.set(r.callOutId, t);
    }
    return out;
  }

  async list(actor: Actor): Promise<CallOutSummary[]> {
    const scope = this.requireOrganiser(actor);
    const { lo, hi } = subtreeBounds(scope.regionCode);
    const rows = await this.db
      .selectFrom('callOuts')
      .innerJoin('serviceFields', 'serviceFields.id', 'callOuts.fieldId')
      .innerJoin('regions', 'regions.code', 'callOuts.regionCode')
      .selectAll('callOuts')
      .select(['serviceFields.name as fieldName', 'regions.name as regionName'])
      .where((eb) =>
        eb.or([
          eb.and([eb('callOuts.regionCode', '>=', lo), eb('callOuts.regionCode', '<=', hi)]),
          eb('callOuts.createdBy', '=', actor.accountId),
        ]),
      )
      .orderBy('callOuts.createdAt', 'desc')
      .limit(100)
      .execute();
    const t = await this.tallies(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      fieldName: r.fieldName,
      regionName: r.regionName,
      includeNeighbours: r.includeNeighbours === 1,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      activityId: r.activityId,
      createdAt: r.createdAt,
      ...(t.get(r.id) ?? { reached: 0, available: 0, unavailable: 0 }),
    }));
  }

  async get(actor: Actor, id: string): Promise<CallOutDetail> {
    const r = await this.requireVisible(actor, id);
    const members = await this.db
      .selectFrom('callOutMembers')
      .innerJoin('volunteers', 'volunteers.id', 'callOutMembers.volunteerId')
      .innerJoin('teams', 'teams.id', 'callOutMembers.teamId')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select([
        'callOutMembers.volunteerId',
        'callOutMembers.teamId',
        'volunteers.name',
        'teams.name as teamName',
        'regions.name as regionName',
        'callOutMembers.answer',
        'callOutMembers.answeredAt',
      ])
      .where('callOutMembers.callOutId', '=', id)
      .orderBy('teams.name')
      .orderBy('volunteers.name')
      .execute();
    const teams = new Map<string, CallOutDetail['teams'][number]>();
    for (const m of members) {
      const t = teams.get(m.teamId) ?? {
        teamId: m.teamId,
        teamName: m.teamName,
        regionName: m.regionName,
        reached: 0,
        available: 0,
        unavailable: 0,
      };
      t.reached++;
      if (m.answer === 'available') t.available++;
      if (m.answer === 'unavailable') t.unavailable++;
      teams.set(m.teamId, t);
    }
    const answered = (a: string | null) => (a === 'available' ? 0 : a === 'unavailable' ? 2 : 1);
    return {
      id: r.id,
      title: r.title,
      fieldName: r.fieldName,
      regionName: r.regionName,
      includeNeighbours: r.includeNeighbours === 1,
      place: r.place,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      activityId: r.activityId,
      createdAt: r.createdAt,
      description: r.description,
      reached: members.length,
      available: members.filter((m) => m.answer === 'available').length,
      unavailable: members.filter((m) => m.answer === 'unavailable').length,
      teams: [...teams.values()],
      members: members
        .map((m) => ({
          volunteerId: m.volunteerId,
          name: m.name,
          teamName: m.teamName,
          answer: m.answer,
          answeredAt: m.answeredAt,
        }))
        .sort((a, b) => answered(a.answer) - answered(b.answer)),
    };
  }

  /** The member's call-outs, newest first. */
  async mine(actor: Actor): Promise<MyCallOut[]> {
    if (!actor.volunteerId) return [];
    const rows = await this.db
      .selectFrom('callOutMembers')
      .innerJoin('callOuts', 'callOuts.id', 'callOutMembers.callOutId')
      .innerJoin('teams', 'teams.id', 'callOutMembers.teamId')
      .select([
        'callOuts.id',
        'callOuts.title',
        'callOuts.place',
        'callOuts.startsAt',
        'callOuts.endsAt',
        'callOuts.description',
        'callOuts.status',
        'teams.name as teamName',
        'callOutMembers.answer',
      ])
      .where('callOutMembers.volunteerId', '=', actor.volunteerId)
      .orderBy('callOuts.createdAt', 'desc')
      .limit(50)
      .execute();
    return rows;
  }

  async answer(actor: Actor, id: string, available: boolean, context: AuditContext) {
    if (!actor.volunteerId) throw new AppError('FORBIDDEN', '只有志愿者本人可以答复召集');
    const row = await this.db
      .selectFrom('callOutMembers')
      .innerJoin('callOuts', 'callOuts.id', 'callOutMembers.callOutId')
      .select(['callOuts.status', 'callOuts.regionCode'])
      .where('callOutMembers.callOutId', '=', id)
      .where('callOutMembers.volunteerId', '=', actor.volunteerId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '您不在本次召集名单中');
    if (row.status !== 'open') throw new AppError('CONFLICT', '本次召集已结束');
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('callOutMembers')
        .set({ answer: available ? 'available' : 'unavailable', answeredAt: new Date().toISOString() })
        .where('callOutId', '=', id)
        .where('volunteerId', '=', actor.volunteerId!)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'callout.answer',
        result: 'success',
        targetType: 'call_out',
        targetId: id,
        regionCode: row.regionCode,
        detail: { available },
      });
    });
    return { answer: available ? ('available' as const) : ('unavailable' as const) };
  }

  /**
   * Turns the call-out into a 集中统一活动: the teams with members who said they are coming (those the
   * organiser's office oversees) take part, and those members are signed up, so attendance and service
   * records work as for any activity. The call-out is closed.
   */
  async toActivity(actor: Actor, id: string, context: AuditContext): Promise<CallOutDetail> {
    const r = await this.requireVisible(actor, id);
    if (r.activityId) throw new AppError('CONFLICT', '本次召集已转为活动');
    const coming = await this.db
      .selectFrom('callOutMembers')
      .innerJoin('teams', 'teams.id', 'callOutMembers.teamId')
      .select(['callOutMembers.volunteerId', 'callOutMembers.teamId'])
      .where('callOutMembers.callOutId', '=', id)
      .where('callOutMembers.answer', '=', 'available')
      .where(teamVisibility(scopeOf(actor)))
      .execute();
    if (!coming.length) throw new AppError('CONFLICT', '还没有可以参加的队员');
    const teamIds = [...new Set(coming.map((c) => c.teamId))];
    const activities = new ActivitiesService(this.db, new TeamsService(this.db, this.crypto));
    const activity = await activities.create(
      actor,
      {
        title: `紧急召集：${r.title}`.slice(0, 100),
        kind: 'central',
        teamId: teamIds[0]!,
        participatingTeamIds: teamIds,
        regionCode: r.regionCode,
        fieldId: r.fieldId,
        place: r.place,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        capacity: Math.max(coming.length, 1),
        serviceObject: '',
        theme: r.fieldName.slice(0, 60),
        description: r.description,
      },
      context,
    );
    await activities.transition(actor, activity.id, 'publish', context);
    await activities.signUp(
      actor,
      activity.id,
      coming.map((c) => c.volunteerId),
      context,
    );
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('callOuts')
        .set({ activityId: activity.id, status: 'closed' })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'callout.activity',
        result: 'success',
        targetType: 'call_out',
        targetId: id,
        regionCode: r.regionCode,
        detail: { activityId: activity.id, signedUp: coming.length },
      });
      await scheduleActivityReminders(tx, activity.id);
    });
    return this.get(actor, id);
  }

  async close(actor: Actor, id: string, context: AuditContext): Promise<CallOutDetail> {
    const r = await this.requireVisible(actor, id);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('callOuts').set({ status: 'closed' }).where('id', '=', id).execute();
      await new AuditRepo(tx).write(context, {
        action: 'callout.close',
        result: 'success',
        targetType: 'call_out',
        targetId: id,
        regionCode: r.regionCode,
      });
    });
    return this.get(actor, id);
  }
}
