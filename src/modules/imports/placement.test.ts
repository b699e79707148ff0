import { describe, expect, it } from 'vitest';
import type { Scope } from '../identity/scope';
import { placementProblems, type PlacementFacts } from '../teams/teams.service';

// The placement rules the team form and the bulk import share (TeamsService.checkPlacement, validateTeams).
const daming = '130425000000';
const guantao = '130433000000';
const county: Scope = { kind: 'region', regionCode: daming };
const org: Scope = { kind: 'organization', organizationId: 'org-1', regionCode: daming };
const leader: Scope = { kind: 'team', teamId: 'team-1', regionCode: daming };
const base: PlacementFacts = {
  region: { code: '130425100000', exists: true },
  category: 'station',
  integrationGrounds: [],
  parentNamed: false,
  parent: null,
};

describe('placementProblems', () => {
  it('accepts a station team inside the scope', () => {
    expect(placementProblems(county, base)).toEqual([]);
  });

  it('finds an unknown region and one outside the scope', () => {
    expect(placementProblems(county, { ...base, region: { code: '130425100000', exists: false } })).toEqual([
      'regionNotFound',
    ]);
    expect(placementProblems(county, { ...base, region: { code: guantao, exists: true } })).toEqual([
      'regionOutOfScope',
    ]);
  });

  it('checks the host organisation of unit and social teams, one problem at a time', () => {
    const unit = { ...base, category: 'unit' as const };
    expect(placementProblems(county, unit)).toEqual(['organizationMissing']);
    expect(placementProblems(county, { ...unit, organization: null })).toEqual(['organizationNotFound']);
    const social = { id: 'org-2', kind: 'social' as const, regionCode: daming };
    expect(placementProblems(county, { ...unit, organization: social })).toEqual([
      'organizationKindMismatch',
    ]);
    const otherUnit = { id: 'org-3', kind: 'unit' as const, regionCode: guantao };
    expect(placementProblems(county, { ...unit, organization: otherUnit })).toEqual([
      'organizationOutOfScope',
    ]);
    // A city-level unit serves the county too.
    const cityUnit = { id: 'org-4', kind: 'unit' as const, regionCode: '130400000000' };
    expect(placementProblems(county, { ...unit, organization: cityUnit })).toEqual([]);
    expect(placementProblems(org, { ...unit, organization: cityUnit })).toEqual(['organizationNotOwn']);
    expect(placementProblems(org, { ...unit, organization: { ...cityUnit, id: 'org-1' } })).toEqual([]);
  });

  it('keeps an organisation to its own kinds of team', () => {
    expect(placementProblems(org, base)).toEqual(['categoryOutsideOrganization']);
  });

  it('needs grounds for an integrated team, and skips what could not be read', () => {
    expect(placementProblems(county, { ...base, category: 'integrated' })).toEqual(['groundsMissing']);
    expect(
      placementProblems(county, { ...base, category: 'integrated', integrationGrounds: ['serves_veterans'] }),
    ).toEqual([]);
    expect(placementProblems(org, { ...base, category: undefined, region: undefined })).toEqual([]);
  });

  it('checks the parent: required of a team leader, visible, and not the team itself or below it', () => {
    expect(placementProblems(leader, base)).toEqual(['parentRequired']);
    expect(placementProblems(leader, { ...base, parentNamed: true, parent: { path: '/team-1/' } })).toEqual(
      [],
    );
    expect(placementProblems(county, { ...base, parentNamed: true, parent: null })).toEqual([
      'parentNotFound',
    ]);
    expect(
      placementProblems(county, {
        ...base,
        parentNamed: true,
        parent: { path: '/a/self/b/' },
        selfId: 'self',
      }),
    ).toEqual(['parentIsDescendant']);
  });

  it('lists every problem in the order a single registration reports them', () => {
    expect(
      placementProblems(org, {
        region: { code: daming, exists: false },
        category: 'integrated',
        integrationGrounds: [],
        unknownFields: true,
        parentNamed: true,
        parent: null,
      }),
    ).toEqual([
      'regionNotFound',
      'categoryOutsideOrganization',
      'groundsMissing',
      'fieldUnknown',
      'parentNotFound',
    ]);
  });
});
