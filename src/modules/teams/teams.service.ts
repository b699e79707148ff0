import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, TeamRow } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { maskPhone } from '../../server/security/mask';
import {
  teamTransitions,
  type TeamAction,
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
    const region = await this.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'regionCode' });
    if (scope.kind === 'region' && !isRegionWithin(input.regionCode, scope.regionCode)) {
      throw new AppError('OUT_OF_SCOPE', '队伍所在区划超出您的管辖范围', { field: 'regionCode' });
    }
    if (input.category === 'unit' || input.category === 'social') {
      if (!input.organizationId)
        throw new AppError('VALIDATION_FAILED', '请选择主管单位或社会组织', { field: 'organizationId' });
      const org = await this.db
        .selectFrom('organizations')
        .selectAll()
        .where('id', '=', input.organizationId)
        .executeTakeFirst();
      if (!org) throw new AppError('NOT_FOUND', '单位或社会组织不存在', { field: 'organizationId' });
      if (org.kind !== input.category) {
        throw new AppError(
          'VALIDATION_FAILED',
          input.category === 'unit' ? '请选择直属单位' : '请选择社会组织',
          { field: 'organizationId' },
        );
      }
      if (scope.kind === 'organization' && scope.organizationId !== org.id)
        throw new AppError('OUT_OF_SCOPE', undefined, { field: 'organizationId' });
      if (
        scope.kind === 'region' &&
        !isRegionWithin(org.regionCode, scope.regionCode) &&
        !isRegionWithin(scope.regionCode, org.regionCode)
      ) {
        throw new AppError('OUT_OF_SCOPE', undefined, { field: 'organizationId' });
      }
    } else if (scope.kind === 'organization') {
      throw new AppError('VALIDATION_FAILED', '单位或社会组织只能登记本组织的队伍', { field: 'category' });
    }
    if (input.category === 'integrated' && input.integrationGrounds.length === 0) {
      throw new AppError('VALIDATION_FAILED', '统一登记的队伍请至少选择一项登记依据', {
        field: 'integrationGrounds',
      });
    }
    if (input.fieldIds.length) {
      const known = await this.db
        .selectFrom('serviceFields')
        .select('id')
        .where('id', 'in', input.fieldIds)
        .execute();
      if (known.length !== new Set(input.fieldIds).size)
        throw new AppError('VALIDATION_FAILED', '服务领域不存在', { field: 'fieldIds' });
    }
    if (!input.parentId) {
      if (scope.kind === 'team')
        throw new AppError('VALIDATION_FAILED', '队长只能登记本队的分队', { field: 'parentId' });
      return '/';
    }
    const parent = await new TeamsRepo(this.db).findVisible(scope, input.parentId);
    if (!parent) throw new AppError('NOT_FOUND', '上级队伍不存在或不在您的管辖范围内', { field: 'parentId' });
    if (selfId && parent.path.includes(`/${selfId}/`)) {
      throw new AppError('VALIDATION_FAILED', '不能把队伍设为自己或自己分队的下级', { field: 'parentId' });
    }
    return parent.path;
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
