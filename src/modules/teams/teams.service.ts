import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, TeamRow } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import {
  teamTransitions,
  type TeamAction,
  type TeamCategory,
  type TeamDetail,
  type TeamInput,
  type TeamListQuery,
  type TeamSummary,
} from '../../shared/registry';
import { levelOfCode } from '../../shared/regions';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepRegistry, mayReviewTeams } from '../identity/policy';
import { isRegionWithin, scopeOf, type Scope } from '../identity/scope';
import { TeamsRepo, type TeamListRow } from './teams.repo';
import { RegionsService } from '../regions/regions.service';

const REVIEW_LEVEL_KEY = 'team_review_level';

/** Teams and their unified registration (统一登记). */
export class TeamsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  private scope(actor: Actor): Scope {
    return scopeOf(actor);
  }

  async list(actor: Actor, query: TeamListQuery) {
    const { items, total } = await new TeamsRepo(this.db).list(this.scope(actor), query);
    return { items: await this.summaries(items), total, page: query.page, pageSize: query.pageSize };
  }

  private async summaries(rows: TeamListRow[]): Promise<TeamSummary[]> {
    const repo = new TeamsRepo(this.db);
    const ids = rows.map((r) => r.id);
    const [stats, fields, paths] = await Promise.all([
      repo.stats(ids, new Date().getUTCFullYear()),
      repo.fieldsOf(ids),
      new RegionsService(this.db).pathNames(rows.map((r) => r.regionCode)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      category: r.category,
      status: r.status,
      region: { code: r.regionCode, name: r.regionName, level: levelOfCode(r.regionCode) },
      regionPath: paths.get(r.regionCode) ?? r.regionName,
      organizationName: r.organizationName,
      parentId: r.parentId,
      leaderName: r.leaderName,
      memberCount: stats.get(r.id)?.memberCount ?? 0,
      averageAge: stats.get(r.id)?.averageAge ?? null,
      fields: (fields.get(r.id) ?? []).map((f) => f.name),
      foundedOn: r.foundedOn,
    }));
  }

  /** A visible team, or OUT_OF_SCOPE when it exists elsewhere, or NOT_FOUND. */
  async requireVisible(actor: Actor, id: string): Promise<TeamListRow> {
    const repo = new TeamsRepo(this.db);
    const row = await repo.findVisible(this.scope(actor), id);
    if (row) return row;
    if (await repo.getUnscoped(id)) throw new AppError('OUT_OF_SCOPE');
    throw new AppError('NOT_FOUND', '队伍不存在');
  }

  async reviewLevel(regionCode: string): Promise<'county' | 'city'> {
    const city = regionCode.slice(0, 4).padEnd(12, '0');
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', `${REVIEW_LEVEL_KEY}:${city}`)
      .executeTakeFirst();
    return row?.value === 'city' ? 'city' : 'county';
  }

  private async canReview(actor: Actor, team: TeamRow): Promise<boolean> {
    const scope = this.scope(actor);
    if (scope.kind !== 'region' || !isRegionWithin(team.regionCode, scope.regionCode)) return false;
    return mayReviewTeams(actor, await this.reviewLevel(team.regionCode));
  }

  private canEdit(actor: Actor): boolean {
    return mayKeepRegistry(actor);
  }

  async get(actor: Actor, id: string): Promise<TeamDetail> {
    const row = await this.requireVisible(actor, id);
    const repo = new TeamsRepo(this.db);
    const [summary] = await this.summaries([row]);
    const [fields, children, history] = await Promise.all([
      repo.fieldsOf([id]),
      repo.children(this.scope(actor), id),
      repo.history(id),
    ]);
    const childStats = await repo.stats(
      children.map((c) => c.id),
      new Date().getUTCFullYear(),
    );
    return {
      ...summary!,
      integrationGrounds: (row.integrationGrounds?.split(',').filter(Boolean) ??
        []) as TeamDetail['integrationGrounds'],
      organizationId: row.organizationId,
      hostName: row.hostName,
      contactPhone: row.contactPhoneEnc ? maskPhone(this.crypto.decrypt(row.contactPhoneEnc)) : null,
      description: row.description,
      fieldIds: (fields.get(id) ?? []).map((f) => f.id),
      version: row.version,
      subTeams: children.map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        memberCount: childStats.get(c.id)?.memberCount ?? 0,
      })),
      history,
      canEdit: this.canEdit(actor) && row.status !== 'dissolved',
      canReview: await this.canReview(actor, row),
    };
  }

  /** Checks host, region and parent of a team against the caller's scope; returns the parent's path. */
  private async checkPlacement(actor: Actor, input: TeamInput, selfId?: string): Promise<string> {
    const scope = this.scope(actor);
    const hosted = input.category === 'unit' || input.category === 'social';
    const [region, organization, knownFields, parent] = await Promise.all([
      this.db.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst(),
      hosted && input.organizationId
        ? this.db
            .selectFrom('organizations')
            .select(['id', 'kind', 'regionCode'])
            .where('id', '=', input.organizationId)
            .executeTakeFirst()
        : undefined,
      input.fieldIds.length
        ? this.db.selectFrom('serviceFields').select('id').where('id', 'in', input.fieldIds).execute()
        : [],
      input.parentId ? new TeamsRepo(this.db).findVisible(scope, input.parentId) : undefined,
    ]);
    const [problem] = placementProblems(scope, {
      region: { code: input.regionCode, exists: !!region },
      category: input.category,
      organization: hosted && input.organizationId ? (organization ?? null) : undefined,
      integrationGrounds: input.integrationGrounds,
      unknownFields: knownFields.length !== new Set(input.fieldIds).size,
      parentNamed: !!input.parentId,
      parent: parent ?? null,
      selfId,
    });
    if (problem) throw placementError(problem, input.category);
    return parent?.path ?? '/';
  }

  async create(actor: Actor, input: TeamInput, context: AuditContext): Promise<TeamDetail> {
    if (!this.canEdit(actor)) throw new AppError('FORBIDDEN');
    const parentPath = await this.checkPlacement(actor, input);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('teams')
        .values({
          id,
          name: input.name,
          category: input.category,
          integrationGrounds: input.category === 'integrated' ? input.integrationGrounds.join(',') : null,
          regionCode: input.regionCode,
          organizationId:
            input.category === 'unit' || input.category === 'social' ? (input.organizationId ?? null) : null,
          hostName: input.hostName || null,
          parentId: input.parentId ?? null,
          path: `${parentPath}${id}/`,
          leaderName: input.leaderName,
          contactPhoneEnc: input.contactPhone ? this.crypto.encrypt(input.contactPhone) : null,
          foundedOn: input.foundedOn ?? null,
          description: input.description,
          status: 'draft',
          createdAt: now,
          createdBy: actor.accountId,
          updatedAt: now,
        })
        .execute();
      await new TeamsRepo(tx).setFields(id, [...new Set(input.fieldIds)]);
      await this.event(tx, actor, id, 'create', null, 'draft', null, now);
      await new AuditRepo(tx).write(context, {
        action: 'team.create',
        result: 'success',
        targetType: 'team',
        targetId: id,
        regionCode: input.regionCode,
        detail: { name: input.name },
      });
    });
    return this.get(actor, id);
  }

  async update(
    actor: Actor,
    id: string,
    input: TeamInput,
    version: number | undefined,
    context: AuditContext,
  ) {
    if (!this.canEdit(actor)) throw new AppError('FORBIDDEN');
    const team = await this.requireVisible(actor, id);
    if (team.status === 'dissolved') throw new AppError('CONFLICT', '已解散的队伍不能修改');
    if (version !== undefined && version !== team.version)
      throw new AppError('CONFLICT', '队伍信息已被他人修改，请刷新后重试');
    const parentPath = await this.checkPlacement(actor, input, id);
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const newPath = `${parentPath}${id}/`;
      const updated = await tx
        .updateTable('teams')
        .set((eb) => ({
          name: input.name,
          category: input.category,
          integrationGrounds: input.category === 'integrated' ? input.integrationGrounds.join(',') : null,
          regionCode: input.regionCode,
          organizationId:
            input.category === 'unit' || input.category === 'social' ? (input.organizationId ?? null) : null,
          hostName: input.hostName || null,
          parentId: input.parentId ?? null,
          leaderName: input.leaderName,
          ...(input.contactPhone === undefined
            ? {}
            : { contactPhoneEnc: input.contactPhone ? this.crypto.encrypt(input.contactPhone) : null }),
          foundedOn: input.foundedOn ?? null,
          description: input.description,
          updatedAt: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('version', '=', team.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw new AppError('CONFLICT', '队伍信息已被他人修改，请刷新后重试');
      if (newPath !== team.path) await new TeamsRepo(tx).repath(team.path, newPath);
      await new TeamsRepo(tx).setFields(id, [...new Set(input.fieldIds)]);
      await this.event(tx, actor, id, 'update', team.status, team.status, null, now);
      await new AuditRepo(tx).write(context, {
        action: 'team.update',
        result: 'success',
        targetType: 'team',
        targetId: id,
        regionCode: input.regionCode,
      });
    });
    return this.get(actor, id);
  }

  async act(actor: Actor, id: string, action: TeamAction, reason: string | undefined, context: AuditContext) {
    const team = await this.requireVisible(actor, id);
    const transition = teamTransitions[action];
    const reviewing = action !== 'submit';
    if (reviewing ? !(await this.canReview(actor, team)) : !this.canEdit(actor)) {
      throw new AppError('FORBIDDEN', reviewing ? '队伍登记由县级及以上退役军人事务部门审核' : undefined);
    }
    if (!transition.from.includes(team.status)) {
      throw new AppError('CONFLICT', `当前状态不能执行此操作`);
    }
    if (transition.needsReason && (!reason || reason.trim().length < 2)) {
      throw new AppError('VALIDATION_FAILED', '请填写原因', { field: 'reason' });
    }
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('teams')
        .set((eb) => ({ status: transition.to, updatedAt: now, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', team.status)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT');
      await this.event(tx, actor, id, action, team.status, transition.to, reason ?? null, now);
      await new AuditRepo(tx).write(context, {
        action: `team.${action}`,
        result: 'success',
        targetType: 'team',
        targetId: id,
        regionCode: team.regionCode,
        detail: reason ? { reason } : undefined,
      });
    });
    return this.get(actor, id);
  }

  private async event(
    tx: Kysely<DB>,
    actor: Actor,
    teamId: string,
    action: string,
    fromStatus: string | null,
    toStatus: string | null,
    reason: string | null,
    at: string,
  ) {
    await tx
      .insertInto('teamEvents')
      .values({
        id: randomUUID(),
        teamId,
        at,
        accountId: actor.accountId,
        actorName: actor.displayName,
        action,
        fromStatus,
        toStatus,
        reason,
      })
      .execute();
  }
}

/** What can be wrong with where a team is placed (region, host organisation, grounds, fields, parent). */
export type PlacementProblem =
  | 'regionNotFound'
  | 'regionOutOfScope'
  | 'organizationMissing'
  | 'organizationNotFound'
  | 'organizationKindMismatch'
  | 'organizationNotOwn'
  | 'organizationOutOfScope'
  | 'categoryOutsideOrganization'
  | 'groundsMissing'
  | 'fieldUnknown'
  | 'parentRequired'
  | 'parentNotFound'
  | 'parentIsDescendant';

/** The team input field each problem belongs to. */
export const placementProblemField: Record<PlacementProblem, keyof TeamInput> = {
  regionNotFound: 'regionCode',
  regionOutOfScope: 'regionCode',
  organizationMissing: 'organizationId',
  organizationNotFound: 'organizationId',
  organizationKindMismatch: 'organizationId',
  organizationNotOwn: 'organizationId',
  organizationOutOfScope: 'organizationId',
  categoryOutsideOrganization: 'category',
  groundsMissing: 'integrationGrounds',
  fieldUnknown: 'fieldIds',
  parentRequired: 'parentId',
  parentNotFound: 'parentId',
  parentIsDescendant: 'parentId',
};

/**
 * What is known about a team's placement once its references are looked up. A fact left undefined
 * was not readable (a bulk import reports that elsewhere) and is not checked.
 */
export interface PlacementFacts {
  region?: { code: string; exists: boolean };
  category?: TeamCategory;
  /** The host organisation of a unit/social team: undefined when none was named, null when not found. */
  organization?: { id: string; kind: 'unit' | 'social'; regionCode: string } | null;
  integrationGrounds?: readonly string[];
  unknownFields?: boolean;
  /** Whether a parent team was named at all, and the visible team it names (null: none visible). */
  parentNamed: boolean;
  parent: { path: string } | null;
  /** The team itself, when it is being edited (it cannot move under its own sub-teams). */
  selfId?: string;
}

/**
 * The placement rules of 统一登记, shared by the form (TeamsService) and the bulk import: at most one
 * problem per field, in the order a single registration reports them (the first is the one it throws).
 */
export function placementProblems(scope: Scope, facts: PlacementFacts): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  const { region, category, organization: org } = facts;
  if (region) {
    if (!region.exists) problems.push('regionNotFound');
    else if (scope.kind === 'region' && !isRegionWithin(region.code, scope.regionCode))
      problems.push('regionOutOfScope');
  }
  if (category === 'unit' || category === 'social') {
    if (org === undefined) problems.push('organizationMissing');
    else if (org === null) problems.push('organizationNotFound');
    else if (org.kind !== category) problems.push('organizationKindMismatch');
    else if (scope.kind === 'organization' && scope.organizationId !== org.id)
      problems.push('organizationNotOwn');
    else if (
      scope.kind === 'region' &&
      !isRegionWithin(org.regionCode, scope.regionCode) &&
      !isRegionWithin(scope.regionCode, org.regionCode)
    )
      problems.push('organizationOutOfScope');
  } else if (category && scope.kind === 'organization') {
    problems.push('categoryOutsideOrganization');
  }
  if (category === 'integrated' && facts.integrationGrounds && facts.integrationGrounds.length === 0)
    problems.push('groundsMissing');
  if (facts.unknownFields) problems.push('fieldUnknown');
  if (facts.parentNamed) {
    if (!facts.parent) problems.push('parentNotFound');
    else if (facts.selfId && facts.parent.path.includes(`/${facts.selfId}/`))
      problems.push('parentIsDescendant');
  } else if (scope.kind === 'team') {
    problems.push('parentRequired');
  }
  return problems;
}

/** The error a single registration answers with. */
function placementError(problem: PlacementProblem, category: TeamCategory): AppError {
  const field = placementProblemField[problem];
  switch (problem) {
    case 'regionNotFound':
      return new AppError('REGION_NOT_FOUND', undefined, { field });
    case 'regionOutOfScope':
      return new AppError('OUT_OF_SCOPE', '队伍所在区划超出您的管辖范围', { field });
    case 'organizationMissing':
      return new AppError('VALIDATION_FAILED', '请选择主管单位或社会组织', { field });
    case 'organizationNotFound':
      return new AppError('NOT_FOUND', '单位或社会组织不存在', { field });
    case 'organizationKindMismatch':
      return new AppError('VALIDATION_FAILED', category === 'unit' ? '请选择直属单位' : '请选择社会组织', {
        field,
      });
    case 'organizationNotOwn':
    case 'organizationOutOfScope':
      return new AppError('OUT_OF_SCOPE', undefined, { field });
    case 'categoryOutsideOrganization':
      return new AppError('VALIDATION_FAILED', '单位或社会组织只能登记本组织的队伍', { field });
    case 'groundsMissing':
      return new AppError('VALIDATION_FAILED', '统一登记的队伍请至少选择一项登记依据', { field });
    case 'fieldUnknown':
      return new AppError('VALIDATION_FAILED', '服务领域不存在', { field });
    case 'parentRequired':
      return new AppError('VALIDATION_FAILED', '队长只能登记本队的分队', { field });
    case 'parentNotFound':
      return new AppError('NOT_FOUND', '上级队伍不存在或不在您的管辖范围内', { field });
    case 'parentIsDescendant':
      return new AppError('VALIDATION_FAILED', '不能把队伍设为自己或自己分队的下级', { field });
  }
}
