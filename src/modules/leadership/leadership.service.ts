import { chinaToday } from '../../shared/dates';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LeadershipRole, WorkTaskStatus } from '../../db/tables/leadership';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayAssignWorkTasks, mayKeepLeadershipGroups, mayReportWorkTasks } from '../identity/policy';
import {
  isRegionWithin,
  regionManageable,
  regionRowVisibility,
  scopeOf,
  subtreeBounds,
} from '../identity/scope';

/** A task is overdue when its deadline has passed and the county has not finished it. */
export const isOverdue = (dueDate: string, status: WorkTaskStatus, today = chinaToday()) =>
  status !== 'done' && dueDate < today;

const roleOrder: Record<LeadershipRole, number> = { leader: 0, deputy: 1, member: 2 };

export interface GroupInput {
  regionCode: string;
  name: string;
  duties: string;
}

export interface MemberInput {
  name: string;
  post: string;
  role: LeadershipRole;
  fromDate: string;
}

export interface TaskInput {
  title: string;
  content: string;
  measure: string;
  dueDate: string;
  countyCodes: string[];
}

export interface ReportInput {
  status: WorkTaskStatus;
  evidence: string;
  links: string[];
}

/** 领导小组 and 安排部署工作任务: the city and counties keep groups; the city assigns, counties report. */
export class LeadershipService {
  constructor(private readonly db: Kysely<DB>) {}

  // ---- 领导小组 ----

  private requireGroupKeeper(actor: Actor) {
    if (!mayKeepLeadershipGroups(actor))
      throw new AppError('FORBIDDEN', '领导小组由市、县退役军人事务部门维护');
  }

  async listGroups(actor: Actor) {
    const scope = scopeOf(actor);
    const groups = await this.db
      .selectFrom('leadershipGroups')
      .innerJoin('regions', 'regions.code', 'leadershipGroups.regionCode')
      .select([
        'leadershipGroups.id',
        'leadershipGroups.regionCode',
        'regions.name as regionName',
        'regions.level as regionLevel',
        'leadershipGroups.name',
        'leadershipGroups.duties',
        'leadershipGroups.updatedAt',
      ])
      .where((eb) => regionRowVisibility<DB, 'leadershipGroups'>(scope, 'leadership_groups.region_code')(eb))
      .orderBy('leadershipGroups.regionCode')
      .execute();
    const ids = groups.map((g) => g.id);
    const today = chinaToday();
    const members = ids.length
      ? await this.db
          .selectFrom('leadershipMembers')
          .select(['groupId', 'name', 'role', 'toDate'])
          .where('groupId', 'in', ids)
          .execute()
      : [];
    return groups.map((g) => {
      const current = members.filter((m) => m.groupId === g.id && (!m.toDate || m.toDate > today));
      const leader = current.find((m) => m.role === 'leader');
      return { ...g, currentMembers: current.length, leaderName: leader?.name ?? null };
    });
  }

  async getGroup(actor: Actor, id: string) {
    const scope = scopeOf(actor);
    const group = await this.db
      .selectFrom('leadershipGroups')
      .innerJoin('regions', 'regions.code', 'leadershipGroups.regionCode')
      .select([
        'leadershipGroups.id',
        'leadershipGroups.regionCode',
        'regions.name as regionName',
        'regions.level as regionLevel',
        'leadershipGroups.name',
        'leadershipGroups.duties',
        'leadershipGroups.updatedAt',
      ])
      .where('leadershipGroups.id', '=', id)
      .where((eb) => regionRowVisibility<DB, 'leadershipGroups'>(scope, 'leadership_groups.region_code')(eb))
      .executeTakeFirst();
    if (!group) throw new AppError('NOT_FOUND', '领导小组不存在，或不在您的管辖范围内');
    const today = chinaToday();
    const members = await this.db
      .selectFrom('leadershipMembers')
      .select(['id', 'name', 'post', 'role', 'fromDate', 'toDate'])
      .where('groupId', '=', id)
      .execute();
    const sorted = members
      .map((m) => ({ ...m, current: !m.toDate || m.toDate > today }))
      .sort(
        (a, b) =>
          Number(b.current) - Number(a.current) ||
          roleOrder[a.role] - roleOrder[b.role] ||
          a.fromDate.localeCompare(b.fromDate),
      );
    return { ...group, members: sorted };
  }

  async createGroup(actor: Actor, input: GroupInput, context: AuditContext) {
    this.requireGroupKeeper(actor);
    if (!regionManageable(scopeOf(actor), input.regionCode))
      throw new AppError('OUT_OF_SCOPE', '只能为本级或下级区划设立领导小组', { field: 'regionCode' });
    const region = await this.db
      .selectFrom('regions')
      .select('level')
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region || (region.level !== 'city' && region.level !== 'county'))
      throw new AppError('VALIDATION_FAILED', '领导小组设在市或县(市、区)', { field: 'regionCode' });
    const existing = await this.db
      .selectFrom('leadershipGroups')
      .select('id')
      .where('regionCode', '=', input.regionCode)
      .executeTakeFirst();
    if (existing)
      throw new AppError('CONFLICT', '该区划已有领导小组', {
        field: 'regionCode',
        details: { id: existing.id },
      });
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('leadershipGroups')
        .values({
          id,
          regionCode: input.regionCode,
          name: input.name,
          duties: input.duties,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'leadership.group.create',
        result: 'success',
        targetType: 'leadership_group',
        targetId: id,
        regionCode: input.regionCode,
        detail: { name: input.name },
      });
    });
    return id;
  }

  /** The group as the actor may change it (visible and kept by them). */
  private async keptGroup(actor: Actor, id: string) {
    this.requireGroupKeeper(actor);
    const group = await this.db
      .selectFrom('leadershipGroups')
      .select(['id', 'regionCode'])
      .where('id', '=', id)
      .where((eb) =>
        regionRowVisibility<DB, 'leadershipGroups'>(scopeOf(actor), 'leadership_groups.region_code')(eb),
      )
      .executeTakeFirst();
    if (!group) throw new AppError('NOT_FOUND', '领导小组不存在，或不在您的管辖范围内');
    return group;
  }

  async updateGroup(
    actor: Actor,
    id: string,
    input: { name: string; duties: string },
    context: AuditContext,
  ) {
    const group = await this.keptGroup(actor, id);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('leadershipGroups')
        .set({ name: input.name, duties: input.duties, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'leadership.group.update',
        result: 'success',
        targetType: 'leadership_group',
        targetId: id,
        regionCode: group.regionCode,
      });
    });
  }

  async addMember(actor: Actor, groupId: string, input: MemberInput, context: AuditContext) {
    const group = await this.keptGroup(actor, groupId);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('leadershipMembers')
        .values({ id, groupId, ...input, toDate: null, createdAt: now })
        .execute();
      await tx.updateTable('leadershipGroups').set({ updatedAt: now }).where('id', '=', groupId).execute();
      await new AuditRepo(tx).write(context, {
        action: 'leadership.member.add',
        result: 'success',
        targetType: 'leadership_group',
        targetId: groupId,
        regionCode: group.regionCode,
        detail: { name: input.name, post: input.post, role: input.role, fromDate: input.fromDate },
      });
    });
    return id;
  }

  /** A member leaves: the term gets an end date; the row stays as history. */
  async endMember(actor: Actor, memberId: string, toDate: string, context: AuditContext) {
    const member = await this.db
      .selectFrom('leadershipMembers')
      .select(['id', 'groupId', 'name', 'fromDate', 'toDate'])
      .where('id', '=', memberId)
      .executeTakeFirst();
    if (!member) throw new AppError('NOT_FOUND', '成员不存在');
    const group = await this.keptGroup(actor, member.groupId);
    if (member.toDate) throw new AppError('CONFLICT', '该成员已经离任');
    if (toDate < member.fromDate)
      throw new AppError('VALIDATION_FAILED', '离任日期不能早于任职日期', { field: 'toDate' });
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('leadershipMembers').set({ toDate }).where('id', '=', memberId).execute();
      await tx
        .updateTable('leadershipGroups')
        .set({ updatedAt: new Date().toISOString() })
        .where('id', '=', member.groupId)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'leadership.member.end',
        result: 'success',
        targetType: 'leadership_group',
        targetId: member.groupId,
        regionCode: group.regionCode,
        detail: { name: member.name, toDate },
      });
    });
  }

  // ---- 工作会议与任务 ----

  /** Meetings the actor sees: the city's own (and above); a county sees those that gave it a task. */
  async listMeetings(actor: Actor, year?: number) {
    const scope = scopeOf(actor);
    if (scope.kind !== 'region') return [];
    const { lo, hi } = subtreeBounds(scope.regionCode);
    let q = this.db
      .selectFrom('workMeetings')
      .select(['id', 'regionCode', 'year', 'heldOn', 'title'])
      .where((eb) =>
        eb.or([
          eb.and([eb('workMeetings.regionCode', '>=', lo), eb('workMeetings.regionCode', '<=', hi)]),
          eb.exists(
            eb
              .selectFrom('workTasks')
              .innerJoin('workTaskAssignments', 'workTaskAssignments.taskId', 'workTasks.id')
              .select('workTasks.id')
              .whereRef('workTasks.meetingId', '=', 'workMeetings.id')
              .where('workTaskAssignments.countyCode', '>=', lo)
              .where('workTaskAssignments.countyCode', '<=', hi),
          ),
        ]),
      );
    if (year) q = q.where('year', '=', year);
    return q.orderBy('heldOn', 'desc').execute();
  }

  async createMeeting(
    actor: Actor,
    input: { year: number; heldOn: string; title: string },
    context: AuditContext,
  ) {
    if (!mayAssignWorkTasks(actor)) throw new AppError('FORBIDDEN', '工作任务由市级安排部署');
    const scope = scopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('FORBIDDEN', '工作任务由市级安排部署');
    if (Number(input.heldOn.slice(0, 4)) !== input.year)
      throw new AppError('VALIDATION_FAILED', '会议日期应在所选年度内', { field: 'heldOn' });
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workMeetings')
        .values({
          id,
          regionCode: scope.regionCode,
          year: input.year,
          heldOn: input.heldOn,
          title: input.title,
          createdBy: actor.accountId,
          createdAt: new Date().toISOString(),
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'work.meeting.create',
        result: 'success',
        targetType: 'work_meeting',
        targetId: id,
        regionCode: scope.regionCode,
        detail: { title: input.title, heldOn: input.heldOn },
      });
    });
    return id;
  }

  async assignTask(actor: Actor, meetingId: string, input: TaskInput, context: AuditContext) {
    if (!mayAssignWorkTasks(actor)) throw new AppError('FORBIDDEN', '工作任务由市级安排部署');
    const scope = scopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('FORBIDDEN', '工作任务由市级安排部署');
    const meeting = await this.db
      .selectFrom('workMeetings')
      .select(['id', 'regionCode', 'heldOn'])
      .where('id', '=', meetingId)
      .where((eb) => regionRowVisibility<DB, 'workMeetings'>(scope, 'work_meetings.region_code')(eb))
      .executeTakeFirst();
    if (!meeting) throw new AppError('NOT_FOUND', '工作会议不存在');
    if (input.dueDate < meeting.heldOn)
      throw new AppError('VALIDATION_FAILED', '完成时限不能早于会议日期', { field: 'dueDate' });
    const codes = [...new Set(input.countyCodes)];
    for (const code of codes) {
      if (!isRegionWithin(code, meeting.regionCode))
        throw new AppError('OUT_OF_SCOPE', '只能向本市的县(市、区)安排任务', { field: 'countyCodes' });
    }
    const counties = await this.db
      .selectFrom('regions')
      .select('code')
      .where('code', 'in', codes)
      .where('level', '=', 'county')
      .execute();
    if (counties.length !== codes.length)
      throw new AppError('VALIDATION_FAILED', '请选择县(市、区)', { field: 'countyCodes' });
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workTasks')
        .values({
          id,
          meetingId,
          title: input.title,
          content: input.content,
          measure: input.measure,
          dueDate: input.dueDate,
          createdAt: now,
        })
        .execute();
      await tx
        .insertInto('workTaskAssignments')
        .values(
          codes.map((countyCode) => ({
            id: randomUUID(),
            taskId: id,
            countyCode,
            status: 'not_started' as const,
            completedOn: null,
            updatedAt: now,
          })),
        )
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'work.task.assign',
        result: 'success',
        targetType: 'work_task',
        targetId: id,
        regionCode: meeting.regionCode,
        detail: { title: input.title, dueDate: input.dueDate, counties: codes.length },
      });
    });
    return id;
  }

  /** Every county's share of every task the actor sees, with the overdue flag and the latest report. */
  async listAssignments(
    actor: Actor,
    filter: {
      id?: string;
      year?: number;
      meetingId?: string;
      status?: WorkTaskStatus;
      overdue?: boolean;
      countyCode?: string;
    },
  ) {
    const scope = scopeOf(actor);
    let q = this.db
      .selectFrom('workTaskAssignments')
      .innerJoin('workTasks', 'workTasks.id', 'workTaskAssignments.taskId')
      .innerJoin('workMeetings', 'workMeetings.id', 'workTasks.meetingId')
      .innerJoin('regions', 'regions.code', 'workTaskAssignments.countyCode')
      .select([
        'workTaskAssignments.id',
        'workTaskAssignments.taskId',
        'workTaskAssignments.countyCode',
        'regions.name as countyName',
        'workTaskAssignments.status',
        'workTaskAssignments.completedOn',
        'workTaskAssignments.updatedAt',
        'workTasks.title',
        'workTasks.content',
        'workTasks.measure',
        'workTasks.dueDate',
        'workMeetings.id as meetingId',
        'workMeetings.title as meetingTitle',
        'workMeetings.heldOn as meetingHeldOn',
        'workMeetings.year',
      ])
      .where((eb) =>
        regionRowVisibility<DB, 'workTaskAssignments'>(scope, 'work_task_assignments.county_code')(eb),
      );
    if (filter.id) q = q.where('workTaskAssignments.id', '=', filter.id);
    if (filter.year) q = q.where('workMeetings.year', '=', filter.year);
    if (filter.meetingId) q = q.where('workMeetings.id', '=', filter.meetingId);
    if (filter.status) q = q.where('workTaskAssignments.status', '=', filter.status);
    if (filter.countyCode) q = q.where('workTaskAssignments.countyCode', '=', filter.countyCode);
    const today = chinaToday();
    if (filter.overdue)
      q = q.where('workTasks.dueDate', '<', today).where('workTaskAssignments.status', '!=', 'done');
    const rows = await q
      .orderBy('workTasks.dueDate')
      .orderBy('workTasks.title')
      .orderBy('workTaskAssignments.countyCode')
      .execute();
    const ids = rows.map((r) => r.id);
    const reports = ids.length
      ? await this.db
          .selectFrom('workTaskReports')
          .select(['assignmentId', 'evidence', 'createdAt'])
          .where('assignmentId', 'in', ids)
          .orderBy('createdAt', 'desc')
          .execute()
      : [];
    const latest = new Map<string, { evidence: string; createdAt: string }>();
    const counts = new Map<string, number>();
    for (const r of reports) {
      if (!latest.has(r.assignmentId))
        latest.set(r.assignmentId, { evidence: r.evidence, createdAt: r.createdAt });
      counts.set(r.assignmentId, (counts.get(r.assignmentId) ?? 0) + 1);
    }
    return rows.map((r) => ({
      ...r,
      overdue: isOverdue(r.dueDate, r.status, today),
      reports: counts.get(r.id) ?? 0,
      latestReport: latest.get(r.id) ?? null,
    }));
  }

  async getAssignment(actor: Actor, id: string) {
    const [row] = await this.listAssignments(actor, { id });
    if (!row) throw new AppError('NOT_FOUND', '任务不存在，或不在您的管辖范围内');
    const reports = await this.db
      .selectFrom('workTaskReports')
      .select(['id', 'status', 'evidence', 'links', 'reporterName', 'createdAt'])
      .where('assignmentId', '=', id)
      .orderBy('createdAt', 'desc')
      .execute();
    return {
      ...row,
      history: reports.map((r) => ({ ...r, links: parseLinks(r.links) })),
    };
  }

  async report(actor: Actor, assignmentId: string, input: ReportInput, context: AuditContext) {
    if (!mayReportWorkTasks(actor)) throw new AppError('FORBIDDEN', '工作进展由承担任务的县(市、区)报送');
    const scope = scopeOf(actor);
    const row = await this.db
      .selectFrom('workTaskAssignments')
      .select(['id', 'countyCode', 'status', 'taskId'])
      .where('id', '=', assignmentId)
      .where((eb) =>
        regionRowVisibility<DB, 'workTaskAssignments'>(scope, 'work_task_assignments.county_code')(eb),
      )
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '任务不存在，或不在您的管辖范围内');
    if (row.status === 'done' && input.status !== 'done')
      throw new AppError('CONFLICT', '任务已完成，不能退回', { field: 'status' });
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workTaskReports')
        .values({
          id: randomUUID(),
          assignmentId,
          status: input.status,
          evidence: input.evidence,
          links: JSON.stringify(input.links),
          reportedBy: actor.accountId,
          reporterName: actor.displayName,
          createdAt: now,
        })
        .execute();
      await tx
        .updateTable('workTaskAssignments')
        .set({
          status: input.status,
          completedOn: input.status === 'done' && row.status !== 'done' ? chinaToday() : undefined,
          updatedAt: now,
        })
        .where('id', '=', assignmentId)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'work.task.report',
        result: 'success',
        targetType: 'work_task',
        targetId: row.taskId,
        regionCode: row.countyCode,
        detail: { assignmentId, status: input.status },
      });
    });
  }
}

function parseLinks(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
