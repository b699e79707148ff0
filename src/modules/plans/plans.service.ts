import { randomUUID } from 'node:crypto';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { chinaMonthBounds } from '../../shared/dates';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepPlans } from '../identity/policy';
import {
  activityVisibility,
  isRegionWithin,
  regionManageable,
  regionRowVisibility,
  scopeOf,
  teamVisibility,
  type Scope,
} from '../identity/scope';

export interface PlanItemInput {
  month: number;
  title: string;
  theme?: string;
  keyDate?: string | null;
}

export interface PlanInput {
  regionCode: string;
  teamId?: string | null;
  year: number;
  title: string;
  goals: string;
  items: PlanItemInput[];
}

export interface PlanItemPatch {
  month?: number;
  title?: string;
  theme?: string;
  keyDate?: string | null;
  done?: boolean;
  activityId?: string | null;
}

const truthy = (v: unknown) => v === true || Number(v) === 1;

/** Plans a scope may see: region staff their subtree; others the plans of the teams they can see. */
function planVisibility(scope: Scope): (eb: ExpressionBuilder<DB, 'plans'>) => Expression<SqlBool> {
  return (eb) =>
    scope.kind === 'region'
      ? regionRowVisibility<DB, 'plans'>(scope, 'plans.regionCode')(eb)
      : eb.exists(
          eb
            .selectFrom('teams')
            .select('teams.id')
            .whereRef('teams.id', '=', 'plans.teamId')
            .where((teb) => teamVisibility(scope)(teb as never)),
        );
}

/** A monthly arrangement's key date must fall in the plan's year and in the arrangement's month. */
function checkKeyDate(year: number, item: { month: number; keyDate?: string | null }) {
  if (!item.keyDate) return;
  const [y, m] = item.keyDate.split('-').map(Number);
  if (y !== year) throw new AppError('VALIDATION_FAILED', `重要节点应在${year}年内`, { field: 'keyDate' });
  if (m !== item.month)
    throw new AppError('VALIDATION_FAILED', `重要节点应在${item.month}月内`, { field: 'keyDate' });
}

/** 年有计划、月有安排: annual plans with monthly arrangements, and who had nothing in a month. */
export class PlansService {
  constructor(private readonly db: Kysely<DB>) {}

  private async teamOf(scope: Scope, teamId: string) {
    const team = await this.db
      .selectFrom('teams')
      .select(['id', 'regionCode'])
      .where('id', '=', teamId)
      .where(teamVisibility(scope))
      .executeTakeFirst();
    if (!team) throw new AppError('OUT_OF_SCOPE', '队伍不在您的管辖范围内', { field: 'teamId' });
    return team;
  }

  async create(actor: Actor, input: PlanInput, context: AuditContext) {
    if (!mayKeepPlans(actor)) throw new AppError('FORBIDDEN');
    const scope = scopeOf(actor);
    if (input.teamId) {
      input.regionCode = (await this.teamOf(scope, input.teamId)).regionCode;
    } else {
      const region = await this.db
        .selectFrom('regions')
        .select('code')
        .where('code', '=', input.regionCode)
        .executeTakeFirst();
      if (!region) throw new AppError('VALIDATION_FAILED', '区划不存在', { field: 'regionCode' });
      if (!regionManageable(scope, input.regionCode))
        throw new AppError('OUT_OF_SCOPE', '该区划不在您的管辖范围内', { field: 'regionCode' });
    }
    input.items.forEach((i) => checkKeyDate(input.year, i));
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('plans')
        .values({
          id,
          regionCode: input.regionCode,
          teamId: input.teamId ?? null,
          year: input.year,
          title: input.title,
          goals: input.goals,
          createdBy: actor.accountId,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (input.items.length) {
        await tx
          .insertInto('planItems')
          .values(
            input.items.map((i) => ({
              id: randomUUID(),
              planId: id,
              month: i.month,
              title: i.title,
              theme: i.theme ?? '',
              keyDate: i.keyDate ?? null,
            })),
          )
          .execute();
      }
      await new AuditRepo(tx).write(context, {
        action: 'plan.create',
        result: 'success',
        targetType: 'plan',
        targetId: id,
        regionCode: input.regionCode,
        detail: { title: input.title, year: input.year, teamId: input.teamId ?? null },
      });
    });
    return this.get(actor, id);
  }

  /** The visible plans with their region and team names: the columns list() and get() share. */
  private visiblePlans(actor: Actor) {
    return this.db
      .selectFrom('plans')
      .innerJoin('regions', 'regions.code', 'plans.regionCode')
      .leftJoin('teams', 'teams.id', 'plans.teamId')
      .where(planVisibility(scopeOf(actor)));
  }

  private static readonly columns = [
    'plans.id',
    'plans.regionCode',
    'regions.name as regionName',
    'plans.teamId',
    'teams.name as teamName',
    'plans.year',
    'plans.title',
    'plans.goals',
    'plans.updatedAt',
  ] as const;

  /** A page of the year's visible plans, with how many arrangements each has and how many are done. */
  async list(actor: Actor, year: number, page: number, pageSize: number) {
    const base = this.visiblePlans(actor).where('plans.year', '=', year);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .leftJoin('planItems', 'planItems.planId', 'plans.id')
      .select([
        ...PlansService.columns,
        (eb) => eb.fn.count<number>('planItems.id').as('itemCount'),
        (eb) =>
          eb.fn.sum<number>(eb.case().when('planItems.done', '=', 1).then(1).else(0).end()).as('doneCount'),
      ])
      .groupBy([
        'plans.id',
        'plans.regionCode',
        'regions.name',
        'plans.teamId',
        'teams.name',
        'plans.year',
        'plans.title',
        'plans.goals',
        'plans.updatedAt',
        'plans.createdAt',
      ])
      .orderBy('plans.regionCode')
      .orderBy('plans.createdAt')
      .orderBy('plans.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      total: Number(total.n),
      page,
      pageSize,
      items: rows.map((r) => ({
        ...r,
        itemCount: Number(r.itemCount ?? 0),
        doneCount: Number(r.doneCount ?? 0),
        updatedAt: String(r.updatedAt),
      })),
    };
  }

  /** The plan if the actor may see it; NOT_FOUND when it does not exist, OUT_OF_SCOPE when it is not theirs. */
  private async visiblePlan(actor: Actor, id: string) {
    const exists = await this.db.selectFrom('plans').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) throw new AppError('NOT_FOUND', '计划不存在');
    const plan = await this.visiblePlans(actor)
      .select(PlansService.columns)
      .where('plans.id', '=', id)
      .executeTakeFirst();
    if (!plan) throw new AppError('OUT_OF_SCOPE', '该计划不在您的管辖范围内');
    return { ...plan, updatedAt: String(plan.updatedAt) };
  }

  private async editablePlan(actor: Actor, id: string) {
    const plan = await this.visiblePlan(actor, id);
    if (!mayKeepPlans(actor)) throw new AppError('FORBIDDEN', '您无权修改计划');
    return plan;
  }

  async get(actor: Actor, id: string) {
    const plan = await this.visiblePlan(actor, id);
    const items = await this.db
      .selectFrom('planItems')
      .leftJoin('activities', 'activities.id', 'planItems.activityId')
      .select([
        'planItems.id',
        'planItems.month',
        'planItems.title',
        'planItems.theme',
        'planItems.keyDate',
        'planItems.done',
        'planItems.activityId',
        'activities.title as activityTitle',
      ])
      .where('planItems.planId', '=', id)
      .orderBy('planItems.month')
      .orderBy('planItems.keyDate')
      .orderBy('planItems.title')
      .execute();
    return {
      ...plan,
      items: items.map((i) => ({ ...i, done: truthy(i.done), activityTitle: i.activityTitle ?? null })),
    };
  }

  async update(actor: Actor, id: string, patch: { title?: string; goals?: string }, context: AuditContext) {
    const plan = await this.editablePlan(actor, id);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('plans')
        .set({ ...patch, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'plan.update',
        result: 'success',
        targetType: 'plan',
        targetId: id,
        regionCode: plan.regionCode,
        detail: patch,
      });
    });
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string, context: AuditContext) {
    const plan = await this.editablePlan(actor, id);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('planItems').where('planId', '=', id).execute();
      await tx.deleteFrom('plans').where('id', '=', id).execute();
      await new AuditRepo(tx).write(context, {
        action: 'plan.delete',
        result: 'success',
        targetType: 'plan',
        targetId: id,
        regionCode: plan.regionCode,
        detail: { title: plan.title, year: plan.year },
      });
    });
  }

  /**
   * A linked activity must be one the actor can see, of the plan's team (organiser or a participating
   * team of a 集中统一活动) or inside the plan's region, and start in the arrangement's month (Beijing time).
   */
  private async checkActivity(
    actor: Actor,
    plan: { year: number; teamId: string | null; regionCode: string },
    month: number,
    activityId: string | null | undefined,
  ) {
    if (!activityId) return;
    const found = await this.db
      .selectFrom('activities')
      .select(['id', 'teamId', 'regionCode', 'startsAt'])
      .where('id', '=', activityId)
      .where(activityVisibility(scopeOf(actor)))
      .executeTakeFirst();
    if (!found)
      throw new AppError('OUT_OF_SCOPE', '所选活动不存在或不在您的管辖范围内', { field: 'activityId' });
    if (plan.teamId) {
      const ofTeam =
        found.teamId === plan.teamId ||
        !!(await this.db
          .selectFrom('activityTeams')
          .select('activityId')
          .where('activityId', '=', activityId)
          .where('teamId', '=', plan.teamId)
          .executeTakeFirst());
      if (!ofTeam)
        throw new AppError('VALIDATION_FAILED', '所选活动不是本队伍组织或参加的活动', {
          field: 'activityId',
        });
    } else if (!isRegionWithin(found.regionCode, plan.regionCode)) {
      throw new AppError('VALIDATION_FAILED', '所选活动不在本计划的区划内', { field: 'activityId' });
    }
    const { from, to } = chinaMonthBounds(plan.year, month);
    const startsAt = new Date(String(found.startsAt)).toISOString();
    if (startsAt < from || startsAt >= to)
      throw new AppError('VALIDATION_FAILED', `所选活动不在${plan.year}年${month}月`, {
        field: 'activityId',
      });
  }

  async addItem(
    actor: Actor,
    planId: string,
    input: PlanItemInput & { done?: boolean; activityId?: string | null },
    context: AuditContext,
  ) {
    const plan = await this.editablePlan(actor, planId);
    checkKeyDate(plan.year, input);
    await this.checkActivity(actor, plan, input.month, input.activityId);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('planItems')
        .values({
          id,
          planId,
          month: input.month,
          title: input.title,
          theme: input.theme ?? '',
          keyDate: input.keyDate ?? null,
          done: input.done ? 1 : 0,
          activityId: input.activityId ?? null,
        })
        .execute();
      await tx
        .updateTable('plans')
        .set({ updatedAt: new Date().toISOString() })
        .where('id', '=', planId)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'plan.item.create',
        result: 'success',
        targetType: 'plan',
        targetId: planId,
        regionCode: plan.regionCode,
        detail: { itemId: id, month: input.month, title: input.title },
      });
    });
    return this.get(actor, planId);
  }

  private async itemOf(planId: string, itemId: string) {
    const item = await this.db
      .selectFrom('planItems')
      .selectAll()
      .where('id', '=', itemId)
      .where('planId', '=', planId)
      .executeTakeFirst();
    if (!item) throw new AppError('NOT_FOUND', '月度安排不存在');
    return item;
  }

  async updateItem(
    actor: Actor,
    planId: string,
    itemId: string,
    patch: PlanItemPatch,
    context: AuditContext,
  ) {
    const plan = await this.editablePlan(actor, planId);
    const item = await this.itemOf(planId, itemId);
    const month = patch.month ?? item.month;
    const keyDate = patch.keyDate === undefined ? item.keyDate : patch.keyDate;
    checkKeyDate(plan.year, { month, keyDate });
    if (patch.activityId !== undefined || patch.month !== undefined)
      await this.checkActivity(
        actor,
        plan,
        month,
        patch.activityId === undefined ? item.activityId : patch.activityId,
      );
    const values = {
      ...(patch.month !== undefined && { month: patch.month }),
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.theme !== undefined && { theme: patch.theme }),
      ...(patch.keyDate !== undefined && { keyDate: patch.keyDate }),
      ...(patch.done !== undefined && { done: patch.done ? 1 : 0 }),
      ...(patch.activityId !== undefined && { activityId: patch.activityId }),
    };
    await this.db.transaction().execute(async (tx) => {
      if (Object.keys(values).length)
        await tx.updateTable('planItems').set(values).where('id', '=', itemId).execute();
      await tx
        .updateTable('plans')
        .set({ updatedAt: new Date().toISOString() })
        .where('id', '=', planId)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'plan.item.update',
        result: 'success',
        targetType: 'plan',
        targetId: planId,
        regionCode: plan.regionCode,
        detail: { itemId, ...patch },
      });
    });
    return this.get(actor, planId);
  }

  async removeItem(actor: Actor, planId: string, itemId: string, context: AuditContext) {
    const plan = await this.editablePlan(actor, planId);
    const item = await this.itemOf(planId, itemId);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('planItems').where('id', '=', itemId).execute();
      await tx
        .updateTable('plans')
        .set({ updatedAt: new Date().toISOString() })
        .where('id', '=', planId)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'plan.item.delete',
        result: 'success',
        targetType: 'plan',
        targetId: planId,
        regionCode: plan.regionCode,
        detail: { itemId, month: item.month, title: item.title },
      });
    });
    return this.get(actor, planId);
  }
}
