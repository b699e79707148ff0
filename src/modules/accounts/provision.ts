import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import type { FieldCrypto } from '../../server/security/fieldCrypto';
import { isSystemRole, phoneSchema, roleLabels, usernameSchema, type Role } from '../../shared/identity';
import { levelOfCode } from '../../shared/regions';
import { AuditRepo } from '../audit/audit.repo';
import { checkPasswordPolicy, hashPassword } from '../identity/passwords';
import { regionLevelOfRole } from '../identity/policy';
import { SettingsRepo } from '../identity/settings.repo';
import { AccountsRepo } from './accounts.repo';

export interface ProvisionInput {
  username?: string;
  phone?: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  organizationId?: string;
  teamId?: string;
  volunteerId?: string;
  password: string;
}

/**
 * Creates an account on the operator's authority: the command line on the server, the demo seed and
 * test factories. Not reachable over HTTP; people create accounts through AccountsService.
 */
export async function provisionAccount(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  input: ProvisionInput,
  by: string,
  now = new Date(),
): Promise<string> {
  if (input.username !== undefined) usernameSchema.parse(input.username);
  if (input.phone !== undefined) phoneSchema.parse(input.phone);
  if (!input.username && !input.phone)
    throw new AppError('VALIDATION_FAILED', '需要用户名或手机号', { field: 'username' });
  let regionCode: string | null = input.regionCode ?? null;
  let organizationId: string | null = null;
  if (isSystemRole(input.role)) {
    if (regionCode)
      throw new AppError('VALIDATION_FAILED', `${roleLabels[input.role]}不属于任何区划`, { field: 'region' });
  } else if (input.role === 'org_admin') {
    const org = input.organizationId
      ? await db
          .selectFrom('organizations')
          .selectAll()
          .where('id', '=', input.organizationId)
          .executeTakeFirst()
      : undefined;
    if (!org) throw new AppError('NOT_FOUND', '单位或社会组织不存在', { field: 'organizationId' });
    regionCode = org.regionCode;
    organizationId = org.id;
  } else {
    if (!regionCode) throw new AppError('VALIDATION_FAILED', '请指定所属区划', { field: 'region' });
    const region = await db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', regionCode)
      .executeTakeFirst();
    if (!region) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'region' });
    const level = regionLevelOfRole[input.role];
    if (level && levelOfCode(regionCode) !== level) {
      throw new AppError('VALIDATION_FAILED', `${roleLabels[input.role]}的区划层级不符`, { field: 'region' });
    }
  }
  checkPasswordPolicy(input.password, await new SettingsRepo(db).passwordPolicy(), {
    username: input.username,
  });
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    const repo = new AccountsRepo(tx);
    if (input.username && (await repo.usernameTaken(input.username))) {
      throw new AppError('USERNAME_TAKEN', undefined, { field: 'username' });
    }
    await repo.insert({
      id,
      username: input.username ?? null,
      displayName: input.displayName,
      role: input.role,
      regionCode,
      organizationId,
      teamId: input.teamId ?? null,
      volunteerId: input.volunteerId ?? null,
      phoneEnc: input.phone ? crypto.encrypt(input.phone) : null,
      phoneHash: input.phone ? crypto.hash(input.phone) : null,
      passwordHash,
      lockedUntil: null,
      lastLoginAt: null,
      passwordChangedAt: now.toISOString(),
      createdAt: now.toISOString(),
      createdBy: null,
    });
    await new AuditRepo(tx).write(
      { accountId: null, username: by, ip: null },
      {
        action: 'account.provision',
        result: 'success',
        targetType: 'account',
        targetId: id,
        regionCode,
        detail: { username: input.username ?? null, role: input.role },
      },
    );
  });
  return id;
}
