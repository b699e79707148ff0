import { isSystemRole, type Capability, type Role } from '../../shared/identity';
import type { RegionLevel } from '../../shared/regions';
import type { Actor } from './actor';

/** What each role may do. Scope (where) is decided in scope.ts; this says what. */
const roleCapabilities: Record<Role, readonly Capability[]> = {
  city_admin: [
    'regions.manage',
    'accounts.manage',
    'plans.keep',
    'calendar.keep',
    'templates.keep',
    'honours.commend',
  ],
  county_admin: ['regions.manage', 'accounts.manage', 'plans.keep', 'templates.keep'],
  township_admin: ['regions.manage', 'accounts.manage', 'plans.keep'],
  village_admin: ['regions.manage', 'plans.keep'],
  org_admin: ['plans.keep'],
  team_leader: ['plans.keep'],
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

const roleIn =
  (roles: readonly Role[]) =>
  (actor: Actor): boolean =>
    roles.includes(actor.role);

/** 荣誉推荐: a team, a township or a county proposes (a village through its township); the city too. */
export const mayNominate = roleIn([
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
]);

/** The level at which this person reviews nominations: county, then city. */
export function honourReviewLevelOf(actor: Actor): 'county' | 'city' | null {
  if (actor.role === 'city_admin') return 'city';
  if (actor.role === 'county_admin') return 'county';
  return null;
}

/** 领导小组 are kept by the city and county bureaus. */
export const mayKeepLeadershipGroups = roleIn(['city_admin', 'county_admin']);

/** 安排部署工作任务: the city assigns tasks; a county reports progress on its own. */
export const mayAssignWorkTasks = roleIn(['city_admin']);
export const mayReportWorkTasks = roleIn(['county_admin']);

/** 宣传: staff draft stories; county and city bureaus review and publish them. */
export const mayWriteStories = roleIn([
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
]);
export const mayPublishStories = roleIn(['city_admin', 'county_admin']);

/** 品牌 and 典型案例 are built by the county and city bureaus. */
export const mayKeepBrands = roleIn(['city_admin', 'county_admin']);
/** A brand's page with its service results (hours, counts): business accounts and volunteers, not the 三员. */
export const mayViewBrandResults = (actor: Actor): boolean => !isSystemRole(actor.role);

/** 统计与报表: region staff, for their own region. */
export const mayViewStatistics = roleIn(['city_admin', 'county_admin', 'township_admin', 'village_admin']);

/** The working-day table and the local key dates are the city's. */
export const mayKeepCityCalendar = (actor: Actor): boolean => can(actor, 'calendar.keep');

/** 主题活动模板 are written by the city and county bureaus (each for its own region). */
export const mayKeepActivityTemplates = (actor: Actor): boolean => can(actor, 'templates.keep');

/** 年有计划、月有安排: region staff, organisations and team leaders keep plans inside their scope. */
export const mayKeepPlans = (actor: Actor): boolean => can(actor, 'plans.keep');

/** 年度表彰大会 is the city's. */
export const mayHoldCommendation = (actor: Actor): boolean => can(actor, 'honours.commend');

/** 外部荣誉 (recognitions from outside the pipeline) are entered by the reviewing bureaus. */
export const mayRecordExternalHonours = (actor: Actor): boolean => honourReviewLevelOf(actor) !== null;

/** 公示异议: any business account that can see the nomination (not the three system roles). */
export const mayObjectToNominations = (actor: Actor): boolean => !isSystemRole(actor.role);

/**
 * 群众点单与紧急召集: township, county and city staff dispatch requests (inside their region); the county
 * and city bureaus call teams out in an emergency.
 */
export function requestDutiesOf(actor: Actor): { dispatch: boolean; callOut: boolean } {
  return {
    dispatch: ['city_admin', 'county_admin', 'township_admin'].includes(actor.role),
    callOut: ['city_admin', 'county_admin'].includes(actor.role),
  };
}

/** Full ID-card numbers in an exchange file (asked for explicitly, with a reason): city and county bureaus. */
export const mayExportFullIdentity = roleIn(['city_admin', 'county_admin']);

/** 注销与匿名化 (irreversible, PIPL Art. 47) is confirmed by the county or city bureau, inside its scope. */
export const mayErasePersonalData = roleIn(['city_admin', 'county_admin']);
