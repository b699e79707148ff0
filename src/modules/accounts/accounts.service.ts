import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { isSystemRole, roleLabels, type Account, type CreateAccount, type Role } from '../../shared/identity';
import { levelOfCode } from '../../shared/regions';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../identity/passwords';
import { can, grantableBySecurityAdmin, manageableRoles, regionLevelOfRole } from '../identity/policy';
import { isRegionWithin, scopeOf, type Scope } from '../identity/scope';
import { SessionsRepo } from '../identity/sessions.repo';
import { SettingsRepo } from '../identity/settings.repo';
import { TwoFactorRepo } from '../identity/twoFactor.repo';
import { OrganizationsRepo } from '../organizations/organizations.repo';
import { presentAccount } from './accounts.presenter';
import { AccountsRepo, type AccountView } from './accounts.repo';

type AccountAction = 'disable' | 'enable' | 'unlock' | 'reset-password';

/** 分级管理 of accounts: each manager only inside their scope and only for roles below their own. */
export class AccountsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly crypto: FieldCrypto,
  ) {}

  /** System roles administer accounts (not business data): their view is every account. */
  private viewOf(actor: Actor): Scope | 'system' {
    if (actor.role === 'sys_admin' || actor.role === 'sec_admin') return 'system';
    return scopeOf(actor);
  }

  private requireViewer(actor: Actor): void {
    if (!can(actor, 'accounts.manage') && !can(actor, 'accounts.security')) throw new AppError('FORBIDDEN');
  }

  async list(actor: Actor, q: string | undefined, page: number, pageSize: number) {
    this.requireViewer(actor);
    const { items, total } = await new AccountsRepo(this.db).list(this.viewOf(actor), q, page, pageSize);
    return { items: items.map((row) => presentAccount(row, this.crypto)), total, page, pageSize };
  }

  /** A visible account, or OUT_OF_SCOPE when it exists elsewhere, or NOT_FOUND. */
  private async visible(actor: Actor, id: string, repo = new AccountsRepo(this.db)): Promise<AccountView> {
    const row = await repo.findVisible(this.viewOf(actor), id);
    if (row) return row;
    if (await repo.existsUnscoped(id)) throw new AppError('OUT_OF_SCOPE');
    throw new AppError('NOT_FOUND', '账号不存在');
  }

  async get(actor: Actor, id: string): Promise<Account> {
    if (id === actor.accountId) {
      // Everyone may read their own account, whatever their scope.
      const own = await new AccountsRepo(this.db).findVisible('system', id);
      if (own) return presentAccount(own, this.crypto);
    }
    this.requireViewer(actor);
    return presentAccount(await this.visible(actor, id), this.crypto);
  }

  /** Where a new account of `role` is anchored, checked against the creator's scope. */
  private async anchor(
    actor: Actor,
    role: Role,
    regionCode: string | undefined,
    organizationId: string | undefined,
  ): Promise<{ regionCode: string; organizationId: string | null }> {
    const scope = scopeOf(actor);
    const withinActor = (code: string) =>
      scope.kind === 'none' || (scope.kind === 'region' && isRegionWithin(code, scope.regionCode));
    if (role === 'org_admin') {
      if (!organizationId)
        throw new AppError('VALIDATION_FAILED', '请选择所属单位或社会组织', { field: 'organizationId' });
      const org = await new OrganizationsRepo(this.db).get(organizationId);
      if (!org) throw new AppError('NOT_FOUND', '单位或社会组织不存在', { field: 'organizationId' });
      if (!withinActor(org.regionCode))
        throw new AppError('OUT_OF_SCOPE', undefined, { field: 'organizationId' });
      return { regionCode: org.regionCode, organizationId: org.id };
    }
    const level = regionLevelOfRole[role];
    if (!level) throw new AppError('ROLE_NOT_ALLOWED', undefined, { field: 'role' });
    if (!regionCode) throw new AppError('VALIDATION_FAILED', '请选择所属区划', { field: 'regionCode' });
    const region = await this.db
      .selectFrom('regions')
      .select(['code', 'level'])
      .where('code', '=', regionCode)
      .executeTakeFirst();
    if (!region) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'regionCode' });
    if (levelOfCode(regionCode) !== level) {
      throw new AppError('VALIDATION_FAILED', `${roleLabels[role]}应属于${levelName[level]}级区划`, {
        field: 'regionCode',
      });
    }
    if (!withinActor(regionCode)) throw new AppError('OUT_OF_SCOPE', undefined, { field: 'regionCode' });
    return { regionCode, organizationId: null };
  }

  async create(actor: Actor, input: CreateAccount, context: AuditContext, now = new Date()) {
    if (!can(actor, 'accounts.manage')) throw new AppError('FORBIDDEN');
    if (!manageableRoles(actor.role).includes(input.role))
      throw new AppError('ROLE_NOT_ALLOWED', undefined, { field: 'role' });
    const anchor = await this.anchor(actor, input.role, input.regionCode, input.organizationId);
    const generated = input.password === undefined;
    const password = input.password ?? generatePassword();
    checkPasswordPolicy(password, await new SettingsRepo(this.db).passwordPolicy(), {
      username: input.username,
    });
    const passwordHash = await hashPassword(password);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      const repo = new AccountsRepo(tx);
      if (await repo.usernameTaken(input.username))
        throw new AppError('USERNAME_TAKEN', undefined, { field: 'username' });
      await repo.insert({
        id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        regionCode: anchor.regionCode,
        organizationId: anchor.organizationId,
        teamId: null,
        volunteerId: null,
        phoneEnc: null,
        phoneHash: null,
        passwordHash,
        lockedUntil: null,
        lastLoginAt: null,
        passwordChangedAt: now.toISOString(),
        createdAt: now.toISOString(),
        createdBy: actor.accountId,
      });
      await new AuditRepo(tx).write(context, {
        action: 'account.create',
        result: 'success',
        targetType: 'account',
        targetId: id,
        regionCode: anchor.regionCode,
        detail: { username: input.username, role: input.role },
      });
    });
    const account = await this.get(actor, id);
    return { account, initialPassword: generated ? password : undefined };
  }

  /** May `actor` take `action` on `target`? Decided from role and scope, never ad hoc. */
  private assertMayAct(actor: Actor, target: AccountView, action: AccountAction): void {
    if (target.id === actor.accountId) throw new AppError('FORBIDDEN', '不能对自己的账号执行此操作');
    if (actor.role === 'sec_admin') {
      if (action !== 'reset-password') return;
      throw new AppError('FORBIDDEN', '重置密码由系统管理员或上级管理员办理');
    }
    if (actor.role === 'sys_admin') {
      if (action === 'reset-password' && !isSystemRole(target.role)) return;
      throw new AppError('FORBIDDEN', '停用、解锁账号由安全管理员办理');
    }
    if (!can(actor, 'accounts.manage') || !manageableRoles(actor.role).includes(target.role)) {
      throw new AppError('ROLE_NOT_ALLOWED', '只能管理本辖区内、角色低于您的账号');
    }
  }

  async act(actor: Actor, id: string, action: AccountAction, context: AuditContext, reason?: string) {
    this.requireViewer(actor);
    const target = await this.visible(actor, id);
    this.assertMayAct(actor, target, action);
    let initialPassword: string | undefined;
    const values: Parameters<AccountsRepo['update']>[1] = {};
    if (action === 'disable') values.status = 'disabled';
    if (action === 'enable') values.status = 'active';
    if (action === 'unlock') Object.assign(values, { lockedUntil: null, failedAttempts: 0 });
    if (action === 'reset-password') {
      initialPassword = generatePassword();
      values.passwordHash = await hashPassword(initialPassword);
      values.passwordChangedAt = new Date().toISOString();
    }
    await this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(id, values);
      if (action === 'reset-password')
        await new TwoFactorRepo(tx).addPasswordHistory(id, target.passwordHash, new Date().toISOString());
      if (action === 'disable' || action === 'reset-password')
        await new SessionsRepo(tx).deleteForAccount(id);
      await new AuditRepo(tx).write(context, {
        action: `account.${action}`,
        result: 'success',
        targetType: 'account',
        targetId: id,
        regionCode: target.regionCode,
        detail: reason ? { reason } : undefined,
      });
    });
    return { account: await this.get(actor, id), initialPassword };
  }

  /** Roles are the security administrator's: business roles only, and every session of the account ends. */
  async changeRole(
    actor: Actor,
    id: string,
    input: { role: Role; regionCode?: string; organizationId?: string },
    context: AuditContext,
  ) {
    if (!can(actor, 'accounts.security')) throw new AppError('FORBIDDEN');
    const target = await this.visible(actor, id);
    if (target.id === actor.accountId) throw new AppError('FORBIDDEN', '不能修改自己的角色');
    if (!grantableBySecurityAdmin(input.role) || isSystemRole(target.role) || target.role === 'volunteer') {
      throw new AppError('ROLE_NOT_ALLOWED', undefined, { field: 'role' });
    }
    const anchor = await this.anchor(
      actor,
      input.role,
      input.regionCode ?? target.regionCode ?? undefined,
      input.organizationId,
    );
    await this.db.transaction().execute(async (tx) => {
      await new AccountsRepo(tx).update(id, { role: input.role, ...anchor });
      await new SessionsRepo(tx).deleteForAccount(id);
      await new AuditRepo(tx).write(context, {
        action: 'account.role.change',
        result: 'success',
        targetType: 'account',
        targetId: id,
        regionCode: anchor.regionCode,
        detail: { from: target.role, to: input.role },
      });
    });
    return this.get(actor, id);
  }
}

const levelName = {
  province: '省',
  city: '市',
  county: '县(区)',
  township: '乡镇(街道)',
  village: '村(社区)',
} as const;
