import { isSystemRole, type Account, type Capability, type Me, type Role } from '../../shared/identity';
import { levelOfCode, regionPrefix, type RegionLevel } from '../../shared/regions';

/**
 * What the signed-in person may see and do, decided from `/api/auth/me` alone. The server checks
 * every request again; this only keeps the interface from offering what would be refused.
 *
 * - business: region, organisation and team staff — the console's business pages
 * - system: the 三员 (系统管理员, 安全管理员, 安全审计员) — no business data, only their own tools
 * - volunteer: a volunteer's own pages
 */
export type Audience = 'business' | 'system' | 'volunteer';

export function audienceOf(me: Me): Audience {
  if (me.sessionKind === 'volunteer') return 'volunteer';
  return isSystemRole(me.account.role) ? 'system' : 'business';
}

/** Who may open a page or see its menu entry; an empty rule admits every signed-in person. */
export interface Access {
  /** Only these kinds of user. */
  audiences?: readonly Audience[];
  /** At least one of these capabilities. */
  anyCapability?: readonly Capability[];
}

export function mayAccess(me: Me, access: Access | undefined): boolean {
  if (!access) return true;
  if (access.audiences && !access.audiences.includes(audienceOf(me))) return false;
  if (access.anyCapability && !access.anyCapability.some((c) => me.capabilities.includes(c))) return false;
  return true;
}

/**
 * May the person edit this region's station and 兵支书 flag? Region staff with `regions.manage`, for
 * their own region and everything under it (the code starts with their region's significant prefix).
 */
export function mayManageRegion(me: Me, code: string): boolean {
  const own = me.account.region;
  if (!me.capabilities.includes('regions.manage') || !own) return false;
  return code.startsWith(regionPrefix(own.code));
}

export type AccountAction = 'disable' | 'enable' | 'unlock' | 'reset-password' | 'role';

/** disable or enable by status, and unlock when locked. */
function statusActions(target: Account): AccountAction[] {
  const out: AccountAction[] = [target.status === 'active' ? 'disable' : 'enable'];
  if (target.locked) out.push('unlock');
  return out;
}

/** Roles the security administrator may move an account between (each has a region or an organisation). */
export const roleChangeTargets: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
];

/**
 * The row actions offered on an account, mirroring the server's rules (三员分立 and 分级管理):
 * - nobody acts on their own account here;
 * - the security administrator disables, enables and unlocks any account and changes business roles;
 * - the system administrator resets passwords of business accounts;
 * - a business manager does all but role changes for the roles below their own, inside their scope.
 */
export function accountActionsFor(me: Me, target: Account): AccountAction[] {
  if (target.id === me.account.id) return [];
  switch (me.account.role) {
    case 'sec_admin': {
      const out = statusActions(target);
      if (roleChangeTargets.includes(target.role)) out.push('role');
      return out;
    }
    case 'sys_admin':
      return isSystemRole(target.role) ? [] : ['reset-password'];
    default:
      if (!me.capabilities.includes('accounts.manage') || !me.manageableRoles.includes(target.role))
        return [];
      return [...statusActions(target), 'reset-password'];
  }
}

/** The region level an account of this role is anchored at (none for organisation and system roles). */
export const regionLevelOfRole: Partial<Record<Role, RegionLevel>> = {
  city_admin: 'city',
  county_admin: 'county',
  township_admin: 'township',
  village_admin: 'village',
};

/**
 * Where the region picker starts for a new account: the creator's own region, or the roots of the
 * tree for a system role (who has no region). Undefined when the creator's region is already at or
 * below the level wanted (nothing to pick).
 */
export function pickerStart(me: Me, target: RegionLevel): { code: string | null } | undefined {
  const own = me.account.region;
  if (!own) return { code: null };
  const order: RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];
  if (order.indexOf(levelOfCode(own.code)) >= order.indexOf(target)) return undefined;
  return { code: own.code };
}

/** Only same-site paths are followed after login (never `//evil.example` or a full URL). */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return undefined;
  return next;
}

/** 所属: the region or organisation an account belongs to, for lists and the top bar (none for the 三员). */
export function scopeNameOf(account: Account): string | undefined {
  return account.organization?.name ?? account.region?.name;
}
