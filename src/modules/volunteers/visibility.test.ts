import { beforeAll, expect, it } from 'vitest';
import { testCrypto } from '../../../tests/support/app';
import { places, seedWorld } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';
import { statisticsFixtures } from '../../../tests/support/statistics.fixtures';
import { volunteerListQuerySchema } from '../../shared/registry';
import { volunteerVisibility, volunteerVisibilityParts, type Scope } from '../identity/scope';
import { VolunteersRepo } from './volunteers.repo';

/**
 * A region sees who lives in it and who belongs to one of its teams. The list counts and pages that as
 * two disjoint parts (residents; members living elsewhere, found through memberships.shared_level kept
 * by triggers): the parts must add up to exactly the people of the one predicate, every page in order,
 * nobody twice, and stay right when people or teams move.
 */
describeEachDialect('volunteer visibility in parts', (db) => {
  const village = (county: string) =>
    db()
      .db.selectFrom('regions')
      .select('code')
      .where('level', '=', 'village')
      .where('code', 'like', `${county.slice(0, 6)}%`)
      .orderBy('code')
      .limit(2)
      .execute()
      .then((rows) => rows.map((r) => r.code));
  let damingVillages: string[];
  let guantaoVillages: string[];
  let damingTeam: string;
  let guantaoTeam: string;
  const names: Record<string, string> = {};
  const daming: Scope = { kind: 'region', regionCode: places.daming };
  const damingzhen: Scope = { kind: 'region', regionCode: places.damingzhen };
  const handan: Scope = { kind: 'region', regionCode: places.handan };

  beforeAll(async () => {
    await seedWorld(db());
    const f = statisticsFixtures(db().db, testCrypto);
    damingVillages = await village(places.daming);
    guantaoVillages = await village(places.guantao);
    damingTeam = await f.team(places.daming, '大名县老兵服务队');
    guantaoTeam = await f.team(places.guantao, '馆陶县老兵服务队');
    const add = async (key: string, residence: string, teamId?: string) => {
      names[key] = `可见性${key}`;
      return f.volunteer(residence, names[key]!, { idCard: fakeIdCard('19550101'), teamId });
    };
    // Residents of 大名, some in its team; people of 馆陶 in 大名's team (seen by 大名), in their own team
    // and in none (not seen by 大名).
    for (let i = 0; i < 5; i++)
      await add(`大名居民${i}`, damingVillages[i % 2]!, i < 2 ? damingTeam : undefined);
    for (let i = 0; i < 4; i++) await add(`馆陶人在大名队${i}`, guantaoVillages[i % 2]!, damingTeam);
    await add('馆陶人在馆陶队', guantaoVillages[0]!, guantaoTeam);
    await add('馆陶人无队', guantaoVillages[1]!);
  });

  const predicateSet = async (scope: Scope) =>
    (await db().db.selectFrom('volunteers').select('name').where(volunteerVisibility(scope)).execute())
      .map((r) => r.name)
      .filter((n) => n.startsWith('可见性'))
      .sort();

  const everyPage = async (scope: Scope, sort: 'region' | 'name' | 'age', order: 'asc' | 'desc') => {
    const repo = new VolunteersRepo(db().db);
    const seen: string[] = [];
    let total = -1;
    for (let page = 1; page < 50; page++) {
      const query = volunteerListQuerySchema.parse({ sort, order, page, pageSize: 2, q: '可见性' });
      const result = await repo.list(scope, query, null);
      total = result.total;
      if (result.items.length === 0) break;
      seen.push(...result.items.map((v) => v.name));
    }
    return { seen, total };
  };

  it('adds up to exactly the people of the predicate, page by page in order, nobody twice', async () => {
    const expected = await predicateSet(daming);
    expect(expected).toHaveLength(9);
    expect(expected).toContain(names['馆陶人在大名队0']);
    expect(expected).not.toContain(names['馆陶人无队']);
    // The members living in 馆陶 are the second part, not the first.
    const parts = volunteerVisibilityParts(daming);
    expect(parts).toHaveLength(2);
    const second = await db().db.selectFrom('volunteers').select('name').where(parts[1]!).execute();
    expect(second.map((r) => r.name).sort()).toEqual(
      [0, 1, 2, 3].map((i) => names[`馆陶人在大名队${i}`]).sort(),
    );
    for (const [sort, order] of [
      ['region', 'asc'],
      ['region', 'desc'],
      ['name', 'asc'],
      ['age', 'desc'],
    ] as const) {
      const { seen, total } = await everyPage(daming, sort, order);
      expect(total).toBe(9);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(expected);
    }
    const byRegion = (await everyPage(daming, 'region', 'asc')).seen;
    const codes = await db()
      .db.selectFrom('volunteers')
      .select(['name', 'residenceCode'])
      .where('name', 'in', byRegion)
      .execute();
    const codeOf = new Map(codes.map((r) => [r.name, r.residenceCode]));
    const inOrder = byRegion.map((n) => codeOf.get(n)!);
    expect(inOrder).toEqual([...inOrder].sort());
  });

  it('keeps the parts right when a member moves house and when a team moves', async () => {
    const level = async (name: string) =>
      (
        await db()
          .db.selectFrom('memberships')
          .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
          .select('memberships.sharedLevel')
          .where('volunteers.name', '=', name)
          .executeTakeFirstOrThrow()
      ).sharedLevel;
    // Written with the membership: 大名 team, 大名 village (same county, maybe same township).
    expect(await level(names['大名居民0']!)).toBeGreaterThanOrEqual(6);
    expect(await level(names['馆陶人在大名队0']!)).toBe(4);

    // One of them moves to 大名: now a resident, counted once.
    await db()
      .db.updateTable('volunteers')
      .set({ residenceCode: damingVillages[0]! })
      .where('name', '=', names['馆陶人在大名队0']!)
      .execute();
    expect(await level(names['馆陶人在大名队0']!)).toBeGreaterThanOrEqual(6);
    let { seen, total } = await everyPage(daming, 'name', 'asc');
    expect(total).toBe(9);
    expect([...seen].sort()).toEqual(await predicateSet(daming));

    // The 馆陶 team moves to 大名 (registered in the wrong county): its member is seen by 大名 now.
    await db()
      .db.updateTable('teams')
      .set({ regionCode: places.daming })
      .where('id', '=', guantaoTeam)
      .execute();
    expect(await level(names['馆陶人在馆陶队']!)).toBe(4);
    ({ seen, total } = await everyPage(daming, 'region', 'asc'));
    expect(total).toBe(10);
    expect(seen).toContain(names['馆陶人在馆陶队']);
    expect([...seen].sort()).toEqual(await predicateSet(daming));

    // Leaving the team ends it.
    await db()
      .db.updateTable('memberships')
      .set({ leftOn: '2026-11-01' })
      .where('teamId', '=', guantaoTeam)
      .execute();
    ({ total } = await everyPage(daming, 'name', 'asc'));
    expect(total).toBe(9);
  });

  it('narrows by the region asked for, inside the scope or outside it (members living elsewhere)', async () => {
    const repo = new VolunteersRepo(db().db);
    const listed = async (regionCode: string) => {
      const query = volunteerListQuerySchema.parse({ regionCode, pageSize: 200, q: '可见性' });
      const { items, total } = await repo.list(daming, query, null);
      expect(total).toBe(items.length);
      return items.map((v) => v.name).sort();
    };
    const livingIn = async (regionCode: string) =>
      (
        await db()
          .db.selectFrom('volunteers')
          .select('name')
          .where(volunteerVisibility(daming))
          .where('residenceCode', 'like', `${regionCode.slice(0, 6)}%`)
          .where('name', 'like', '可见性%')
          .execute()
      )
        .map((r) => r.name)
        .sort();
    // Inside: only residents can match (the second part is left out).
    expect(volunteerVisibilityParts(daming, places.daming)).toHaveLength(1);
    expect(await listed(places.daming)).toEqual(await livingIn(places.daming));
    // Outside: only members of 大名's teams who live there.
    expect(volunteerVisibilityParts(daming, places.guantao)).toHaveLength(2);
    const there = await listed(places.guantao);
    expect(there.length).toBeGreaterThan(0);
    expect(there).toEqual(await livingIn(places.guantao));
  });

  it('agrees with the predicate at township and city level too', async () => {
    for (const scope of [damingzhen, handan]) {
      const { seen, total } = await everyPage(scope, 'region', 'asc');
      const expected = await predicateSet(scope);
      expect(total).toBe(expected.length);
      expect([...seen].sort()).toEqual(expected);
    }
  });
});
