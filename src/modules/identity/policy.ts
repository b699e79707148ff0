import { isSystemRole, type Capability, type Role } from '../../shared/identity';
import type { RegionLevel } from '../../shared/regions';
import type { Actor } from './actor';

/** What each role may do. Scope (where) is decided in scope.ts; this says what. */
const roleCapabilities: Record<Role, readonly Capability[]> = {
  city_admin: ['regions.manage', 'accounts.manage'],
  county_admin: ['regions.manage', 'accounts.manage'],
  township_admin: ['regions.manage', 'accounts.manage'],
  village_admin: ['regions.manage'],
  org_admin: [],
  team_leader: [],
  volunteer: [],
  // 三员分立: technical account operations; security policy and account security; the audit log.
  sys_admin: ['accounts.manage'],
  sec_admin: ['accounts.security', 'security.policy'],
  auditor: ['audit.read'],
};

export const capabilitiesOf = (role: Role): Capability[] => [...roleCapabilities[role]];
export const can = (actor: Actor, capability: Capability): boolean =>
  roleCapabilities[actor.role].includes(capability);

/** 分级管理: which roles an account manager may create and manage — only roles below their own. */
const manageable: Record<Role, readonly Role[]> = {
  city_admin: ['county_admin', 'township_admin', 'village_admin', 'org_admin'],
  county_admin: ['township_admin', 'village_admin', 'org_admin'],
  township_admin: ['village_admin'],
  village_admin: [],
  org_admin: [],
  team_leader: [],
  volunteer: [],
  // The system administrator opens the business accounts (someone must create the city's first one)
  // but never another system role: those come only from the command line on the server.
  sys_admin: ['city_admin', 'county_admin', 'township_admin', 'village_admin', 'org_admin'],
  sec_admin: [],
  auditor: [],
};

export const manageableRoles = (role: Role): Role[] => [...manageable[role]];

/** The region level a region-staff role is anchored at. */
export const regionLevelOfRole: Partial<Record<Role, RegionLevel>> = {
  city_admin: 'city',
  county_admin: 'county',
  township_admin: 'township',
  village_admin: 'village',
};

/** Roles the security administrator may grant: business roles only, never a system role. */
export const grantableBySecurityAdmin = (role: Role): boolean => !isSystemRole(role) && role !== 'volunteer';

/** Roles that may see a volunteer's full ID-card number or phone (each reveal is audited). */
const revealRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];
export const mayRevealPersonalData = (actor: Actor): boolean => revealRoles.includes(actor.role);

/** Roles that keep the registry (register teams and volunteers) inside their scope. */
const registryRoles: readonly Role[] = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
];
export const mayKeepRegistry = (actor: Actor): boolean => registryRoles.includes(actor.role);

/**
 * 统一登记 is reviewed by the bureau at county level or above; a city may reserve it for itself
 * (`review level` = 'city') for its whole area.
 */
export function mayReviewTeams(actor: Actor, reviewLevel: 'county' | 'city'): boolean {
  if (actor.role === 'city_admin') return true;
  return actor.role === 'county_admin' && reviewLevel === 'county';
}
