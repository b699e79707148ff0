import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/types';
import { ancestorCodes as ancestorCodesOf, regionPrefix } from '../../shared/regions';
import type { Actor } from './actor';

/**
 * Who may see what is decided here and nowhere else. A feature asks for its filter or predicate;
 * repositories apply the filter inside every query over scoped data.
 *
 * - region staff (市/县/乡/村): the region and everything under it
 * - staff of a directly affiliated unit or social organisation: that organisation
 * - team leader: the team (and, with the registry, its sub-teams)
 * - volunteer: themselves
 * - the three system roles: no business data at all
 */
export type Scope =
  | { kind: 'region'; regionCode: string }
  | { kind: 'organization'; organizationId: string; regionCode: string }
  | { kind: 'team'; teamId: string; regionCode: string }
  | { kind: 'self'; accountId: string; volunteerId: string | null }
  | { kind: 'none' };

export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'city_admin':
    case 'county_admin':
    case 'township_admin':
    case 'village_admin':
      return { kind: 'region', regionCode: required(actor.regionCode, actor) };
    case 'org_admin':
      return {
        kind: 'organization',
        organizationId: required(actor.organizationId, actor),
        regionCode: required(actor.regionCode, actor),
      };
    case 'team_leader':
      return {
        kind: 'team',
        teamId: required(actor.teamId, actor),
        regionCode: required(actor.regionCode, actor),
      };
    case 'volunteer':
      return { kind: 'self', accountId: actor.accountId, volunteerId: actor.volunteerId };
    case 'sys_admin':
    case 'sec_admin':
    case 'auditor':
      return { kind: 'none' };
  }
}

function required(value: string | null, actor: Actor): string {
  if (!value) throw new Error(`account ${actor.accountId} (${actor.role}) has no scope anchor`);
  return value;
}

/** The code range of a region's subtree: one indexed range predicate, never a walk. */
export function subtreeBounds(code: string): { lo: string; hi: string } {
  const prefix = regionPrefix(code);
  return { lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') };
}

export function isRegionWithin(code: string, ancestor: string): boolean {
  const { lo, hi } = subtreeBounds(ancestor);
  return code >= lo && code <= hi;
}

/** May this scope manage a region itself (its station, its 兵支书 flag)? Only region staff above or at it. */
export function regionManageable(scope: Scope, code: string): boolean {
  return scope.kind === 'region' && isRegionWithin(code, scope.regionCode);
}

const FALSE = sql<SqlBool>`1 = 0`;

type AccountsEb = ExpressionBuilder<DB, 'accounts'>;

/**
 * Accounts a business scope may see. The system roles' account administration is a separate,
 * named view (`allAccountsForSystemRoles`), not a gap in this filter.
 */
export function accountVisibility(scope: Scope): (eb: AccountsEb) => Expression<SqlBool> {
  return (eb) => {
    switch (scope.kind) {
      case 'region': {
        const { lo, hi } = subtreeBounds(scope.regionCode);
        return eb.and([eb('accounts.regionCode', '>=', lo), eb('accounts.regionCode', '<=', hi)]);
      }
      case 'organization':
        return eb('accounts.organizationId', '=', scope.organizationId);
      case 'team':
        return eb('accounts.teamId', '=', scope.teamId);
      case 'self':
        return eb('accounts.id', '=', scope.accountId);
      case 'none':
        return FALSE;
    }
  };
}

type OrganizationsEb = ExpressionBuilder<DB, 'organizations'>;

export function organizationVisibility(scope: Scope): (eb: OrganizationsEb) => Expression<SqlBool> {
  return (eb) => {
    switch (scope.kind) {
      case 'region': {
        const { lo, hi } = subtreeBounds(scope.regionCode);
        return eb.and([eb('organizations.regionCode', '>=', lo), eb('organizations.regionCode', '<=', hi)]);
      }
      case 'organization':
        return eb('organizations.id', '=', scope.organizationId);
      default:
        return FALSE;
    }
  };
}

type TeamsEb = ExpressionBuilder<DB, 'teams'>;

/**
 * Teams a scope may see: home region inside a region scope; the organisation's teams; a leader's team
 * and its sub-teams (by materialised path); a volunteer's own teams.
 */
export function teamVisibility(scope: Scope): (eb: TeamsEb) => Expression<SqlBool> {
  return (eb) => {
    switch (scope.kind) {
      case 'region': {
        const { lo, hi } = subtreeBounds(scope.regionCode);
        return eb.and([eb('teams.regionCode', '>=', lo), eb('teams.regionCode', '<=', hi)]);
      }
      case 'organization':
        return eb('teams.organizationId', '=', scope.organizationId);
      case 'team':
        return eb(
          'teams.path',
          'like',
          eb
            .selectFrom('teams as leaderTeam')
            .select(sql<string>`leader_team.path || '%'`.as('p'))
            .where('leaderTeam.id', '=', scope.teamId),
        );
      case 'self':
        return scope.volunteerId
          ? eb.exists(
              eb
                .selectFrom('memberships as ownMembership')
                .select('ownMembership.id')
                .whereRef('ownMembership.teamId', '=', 'teams.id')
                .where('ownMembership.volunteerId', '=', scope.volunteerId)
                .where('ownMembership.leftOn', 'is', null),
            )
          : FALSE;
      case 'none':
        return FALSE;
    }
  };
}

type VolunteersEb = ExpressionBuilder<DB, 'volunteers'>;

/** Volunteers who live in a region's subtree: one indexed range on residence_code. */
const livingIn =
  (regionCode: string) =>
  (eb: VolunteersEb): Expression<SqlBool> => {
    const { lo, hi } = subtreeBounds(regionCode);
    return eb.and([eb('volunteers.residenceCode', '>=', lo), eb('volunteers.residenceCode', '<=', hi)]);
  };

/**
 * Volunteers a scope may see: a region sees those who live in it or belong (actively) to any team
 * whose home region is in it; an organisation or a team leader sees the members of their teams.
 */
export function volunteerVisibility(scope: Scope): (eb: VolunteersEb) => Expression<SqlBool> {
  return (eb) => {
    const memberOfVisibleTeam = () =>
      eb.exists(
        eb
          .selectFrom('memberships as scopeMembership')
          .innerJoin('teams', 'teams.id', 'scopeMembership.teamId')
          .select('scopeMembership.id')
          .whereRef('scopeMembership.volunteerId', '=', 'volunteers.id')
          .where('scopeMembership.leftOn', 'is', null)
          .where((teb) => teamVisibility(scope)(teb as unknown as TeamsEb)),
      );
    switch (scope.kind) {
      case 'region':
        return eb.or([livingIn(scope.regionCode)(eb), memberOfVisibleTeam()]);
      case 'organization':
      case 'team':
        return memberOfVisibleTeam();
      case 'self':
        return scope.volunteerId ? eb('volunteers.id', '=', scope.volunteerId) : FALSE;
      case 'none':
        return FALSE;
    }
  };
}

/**
 * The same people as `volunteerVisibility`, as disjoint parts whose union they are, for queries that
 * count or page through many volunteers (count = the sum of the parts; a page = the parts' first rows
 * merged). For a region: those who live in it (an index range on residence_code), and those who live
 * outside it but belong to one of its teams — found through memberships.shared_level (migration 0020),
 * which marks the members who live outside their team's region at each level, then checked against the
 * volunteer's own residence. As one OR the two halves made PostgreSQL read every volunteer of the
 * database (docs/PERFORMANCE.md, "From Handan to Hebei"); as parts, the cost follows the region.
 * Other scopes have one part, the predicate itself.
 */
export function volunteerVisibilityParts(
  scope: Scope,
  /** The caller asks only for people living in this region: when it lies in the scope's region, nobody
   * living outside can match and the second part is left out. */
  residenceWithin?: string,
): ((eb: VolunteersEb) => Expression<SqlBool>)[] {
  if (scope.kind !== 'region') return [volunteerVisibility(scope)];
  const { lo, hi } = subtreeBounds(scope.regionCode);
  const resident = livingIn(scope.regionCode);
  if (residenceWithin && isRegionWithin(residenceWithin, scope.regionCode)) return [resident];
  const depth = regionPrefix(scope.regionCode).length;
  return [
    resident,
    (eb) =>
      eb.and([
        eb.or([eb('volunteers.residenceCode', '<', lo), eb('volunteers.residenceCode', '>', hi)]),
        eb(
          'volunteers.id',
          'in',
          eb
            .selectFrom('memberships as outsideMember')
            .innerJoin('teams as outsideTeam', 'outsideTeam.id', 'outsideMember.teamId')
            .select('outsideMember.volunteerId')
            .where('outsideMember.sharedLevel', '<', depth)
            .where('outsideMember.leftOn', 'is', null)
            .where('outsideTeam.regionCode', '>=', lo)
            .where('outsideTeam.regionCode', '<=', hi),
        ),
      ]),
  ];
}

type ActivitiesEb = ExpressionBuilder<DB, 'activities'>;

/**
 * Activities a scope may see: those organised by, or joined by, a team it can see; for a volunteer also
 * the published ones in their home region or any region above it (open activities near me).
 */
export function activityVisibility(
  scope: Scope,
  volunteerHome?: string | null,
): (eb: ActivitiesEb) => Expression<SqlBool> {
  return (eb) => {
    const teamSeen = (teamRef: 'activities.teamId' | 'activityTeams.teamId') =>
      eb.exists(
        eb
          .selectFrom('teams')
          .select('teams.id')
          .whereRef('teams.id', '=', teamRef as 'activities.teamId')
          .where((teb) => teamVisibility(scope)(teb as unknown as TeamsEb)),
      );
    const viaParticipants = eb.exists(
      eb
        .selectFrom('activityTeams')
        .innerJoin('teams', 'teams.id', 'activityTeams.teamId')
        .select('activityTeams.teamId')
        .whereRef('activityTeams.activityId', '=', 'activities.id')
        .where((teb) => teamVisibility(scope)(teb as unknown as TeamsEb)),
    );
    const either = [teamSeen('activities.teamId'), viaParticipants];
    if (scope.kind === 'self' && volunteerHome) {
      const ancestors = [volunteerHome, ...ancestorCodesOf(volunteerHome)];
      either.push(
        eb.and([
          eb('activities.regionCode', 'in', ancestors),
          eb('activities.status', 'in', ['published', 'ongoing']),
        ]),
      );
      if (scope.volunteerId) {
        either.push(
          eb.exists(
            eb
              .selectFrom('signups')
              .select('signups.id')
              .whereRef('signups.activityId', '=', 'activities.id')
              .where('signups.volunteerId', '=', scope.volunteerId),
          ),
        );
      }
    }
    if (scope.kind === 'region') {
      const { lo, hi } = subtreeBounds(scope.regionCode);
      either.push(eb.and([eb('activities.regionCode', '>=', lo), eb('activities.regionCode', '<=', hi)]));
    }
    return scope.kind === 'none' ? FALSE : eb.or(either);
  };
}

/**
 * Rows that belong to a region (plans, leadership groups, work tasks, nominations, stories, figures):
 * region staff see their region's subtree; other scopes see none through this filter, and a feature
 * adds their own rows with the team or volunteer predicate above. `column` is a qualified column,
 * e.g. `nominations.regionCode`.
 */
export function regionRowVisibility<DBT, TB extends keyof DBT>(
  scope: Scope,
  column: string,
): (eb: ExpressionBuilder<DBT, TB>) => Expression<SqlBool> {
  return (eb) => {
    if (scope.kind !== 'region') return FALSE;
    const { lo, hi } = subtreeBounds(scope.regionCode);
    const ref = sql.ref<string>(column);
    return eb.and([eb(ref, '>=', lo), eb(ref, '<=', hi)]);
  };
}

/**
 * 典型案例: published cases are for the business staff (region staff, organisations, team leaders: the
 * scopes anchored in a region), not for a volunteer nor the 三员; drafts for the brand's county and above.
 */
export function caseVisibility(
  scope: Scope,
): (eb: ExpressionBuilder<DB, 'typicalCases'>) => Expression<SqlBool> {
  return (eb) =>
    eb.or([
      ...(scopeRegion(scope) !== null ? [eb('typicalCases.status', '=', 'published')] : []),
      regionRowVisibility<DB, 'typicalCases'>(scope, 'typical_cases.region_code')(eb),
    ]);
}

/** The region a scope is anchored at (the volunteer's: none). */
export function scopeRegion(scope: Scope): string | null {
  return scope.kind === 'region' || scope.kind === 'organization' || scope.kind === 'team'
    ? scope.regionCode
    : null;
}
