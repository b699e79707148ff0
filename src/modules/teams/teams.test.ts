import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { describeEachDialect } from '../../../tests/support/db';
import { fakeIdCard } from '../../../tests/support/registry';

describeEachDialect('teams and unified registration', (db) => {
  let app: FastifyInstance;
  let world: World;
  let village: Session;
  let county: Session;
  let guantao: Session;
  let fieldId: string;

  const teamBody = (over: Record<string, unknown> = {}) => ({
    name: '测试村退役军人志愿服务队',
    category: 'station',
    regionCode: world.villageCode,
    fieldIds: [fieldId],
    leaderName: '王队长',
    contactPhone: '13912345678',
    foundedOn: '2024-03-05',
    description: '依托村服务站组建',
    ...over,
  });

  beforeAll(async () => {
    world = await seedWorld(db());
    app = await createTestApp(db());
    village = await login(app, 'village');
    county = await login(app, 'daming');
    guantao = await login(app, 'guantao');
    const fields = (await app.inject({ url: '/api/service-fields', headers: village.headers })).json().items;
    expect(fields.map((f: { name: string }) => f.name)).toContain('红色宣讲');
    fieldId = fields[0].id;
  });
  afterAll(async () => app.close());

  it('a village registers a team, the county returns it with a reason, it is resubmitted and approved', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: village.headers,
      payload: teamBody(),
    });
    expect(created.statusCode).toBe(200);
    const team = created.json();
    expect(team).toMatchObject({
      status: 'draft',
      canEdit: true,
      canReview: false,
      contactPhone: '139****5678',
    });
    const submit = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/submit`,
      headers: village.headers,
    });
    expect(submit.json().status).toBe('submitted');
    const selfApprove = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/approve`,
      headers: village.headers,
    });
    expect(selfApprove.statusCode).toBe(403);

    const noReason = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/return`,
      headers: county.headers,
    });
    expect(noReason.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    const returned = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/return`,
      headers: county.headers,
      payload: { reason: '请补充队长联系方式' },
    });
    expect(returned.json().status).toBe('returned');
    await app.inject({ method: 'POST', url: `/api/teams/${team.id}/submit`, headers: village.headers });
    const approved = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/approve`,
      headers: county.headers,
    });
    expect(approved.json().status).toBe('approved');
    const history = approved.json().history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['create', 'submit', 'return', 'submit', 'approve']);
    expect(approved.json().history[2].reason).toBe('请补充队长联系方式');
    const audits = await db()
      .db.selectFrom('auditLog')
      .select(['action', 'result'])
      .where('targetId', '=', team.id)
      .orderBy('id')
      .execute();
    // The village's attempt to approve its own team was refused and recorded.
    expect(audits.filter((a) => a.result === 'denied').map((a) => a.action)).toEqual([
      'POST /api/teams/:id/approve',
    ]);
    expect(audits.filter((a) => a.result === 'success').map((a) => a.action)).toEqual([
      'team.create',
      'team.submit',
      'team.return',
      'team.submit',
      'team.approve',
    ]);

    const again = await app.inject({
      method: 'POST',
      url: `/api/teams/${team.id}/approve`,
      headers: county.headers,
    });
    expect(again.json().error.code).toBe('CONFLICT');
  });

  it('keeps the contact phone when an edit leaves it out, and clears it on an empty string', async () => {
    const team = (
      await app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: county.headers,
        payload: teamBody({ name: '电话保留队' }),
      })
    ).json();
    const { contactPhone: _omit, ...withoutPhone } = teamBody({ name: '电话保留队（改）' });
    const edited = await app.inject({
      method: 'PUT',
      url: `/api/teams/${team.id}`,
      headers: county.headers,
      payload: { ...withoutPhone, version: team.version },
    });
    expect(edited.json()).toMatchObject({ name: '电话保留队（改）', contactPhone: '139****5678' });
    const cleared = await app.inject({
      method: 'PUT',
      url: `/api/teams/${team.id}`,
      headers: county.headers,
      payload: { ...withoutPhone, contactPhone: '', version: edited.json().version },
    });
    expect(cleared.json().contactPhone).toBeNull();
    const stale = await app.inject({
      method: 'PUT',
      url: `/api/teams/${team.id}`,
      headers: county.headers,
      payload: { ...withoutPhone, version: team.version },
    });
    expect(stale.json().error.code).toBe('CONFLICT');
  });

  it('keeps teams to their scope: 馆陶县 sees none of 大名县’s, the township only its villages', async () => {
    const other = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: teamBody({ name: '另一乡镇的服务队', regionCode: world.otherTownshipCode }),
    });
    expect(other.statusCode).toBe(200);
    const gList = (await app.inject({ url: '/api/teams', headers: guantao.headers })).json();
    expect(gList.total).toBe(0);
    const read = await app.inject({ url: `/api/teams/${other.json().id}`, headers: guantao.headers });
    expect(read.statusCode).toBe(403);
    const town = await login(app, 'damingzhen');
    const names = (await app.inject({ url: '/api/teams', headers: town.headers }))
      .json()
      .items.map((t: { name: string }) => t.name);
    expect(names).toContain('测试村退役军人志愿服务队');
    expect(names).not.toContain('另一乡镇的服务队');
    const intoGuantao = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: teamBody({ regionCode: places.guantao }),
    });
    expect(intoGuantao.json().error.code).toBe('OUT_OF_SCOPE');
    const sys = await login(app, 'sysadmin');
    expect((await app.inject({ url: '/api/teams', headers: sys.headers })).json().total).toBe(0);
  });

  it('nests sub-teams to any depth and rejects a cycle', async () => {
    const root = (
      await app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: county.headers,
        payload: teamBody({ name: '总队' }),
      })
    ).json();
    const child = (
      await app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: county.headers,
        payload: teamBody({ name: '一分队', parentId: root.id }),
      })
    ).json();
    const grandchild = (
      await app.inject({
        method: 'POST',
        url: '/api/teams',
        headers: county.headers,
        payload: teamBody({ name: '一分队一组', parentId: child.id }),
      })
    ).json();
    const detail = (await app.inject({ url: `/api/teams/${root.id}`, headers: county.headers })).json();
    expect(detail.subTeams.map((t: { name: string }) => t.name)).toEqual(['一分队']);
    const cycle = await app.inject({
      method: 'PUT',
      url: `/api/teams/${root.id}`,
      headers: county.headers,
      payload: teamBody({ name: '总队', parentId: grandchild.id }),
    });
    expect(cycle.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'parentId' });
    const selfParent = await app.inject({
      method: 'PUT',
      url: `/api/teams/${root.id}`,
      headers: county.headers,
      payload: teamBody({ name: '总队', parentId: root.id }),
    });
    expect(selfParent.json().error.field).toBe('parentId');
    // Moving the middle team moves its subtree's paths with it.
    const moved = await app.inject({
      method: 'PUT',
      url: `/api/teams/${child.id}`,
      headers: county.headers,
      payload: teamBody({ name: '一分队', parentId: null }),
    });
    expect(moved.statusCode).toBe(200);
    const paths = await db()
      .db.selectFrom('teams')
      .select(['id', 'path'])
      .where('id', 'in', [child.id, grandchild.id])
      .execute();
    const byId = new Map(paths.map((p) => [p.id, p.path]));
    expect(byId.get(child.id)).toBe(`/${child.id}/`);
    expect(byId.get(grandchild.id)).toBe(`/${child.id}/${grandchild.id}/`);
  });

  it('asks integrated teams for their grounds and unit teams for their unit', async () => {
    const integrated = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: teamBody({ category: 'integrated', regionCode: places.daming }),
    });
    expect(integrated.json().error.field).toBe('integrationGrounds');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: teamBody({
        name: '红十字救援队',
        category: 'integrated',
        regionCode: places.daming,
        integrationGrounds: ['founded_by_veterans', 'veteran_backbone'],
      }),
    });
    expect(ok.json().integrationGrounds).toEqual(['founded_by_veterans', 'veteran_backbone']);
    const unit = await app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: county.headers,
      payload: teamBody({ category: 'unit' }),
    });
    expect(unit.json().error.field).toBe('organizationId');
  });

  it('computes member count and average age, and counts coverage of 一村一队伍', async () => {
    const team = (await app.inject({ url: '/api/teams?q=测试村', headers: county.headers })).json().items[0];
    for (const birth of ['19500101', '19700101']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: village.headers,
        payload: {
          name: '测试老兵',
          idCard: fakeIdCard(birth),
          residenceCode: world.villageCode,
          isVeteran: true,
          veteranKind: 'soldier',
          teamId: team.id,
        },
      });
      expect(res.statusCode).toBe(200);
    }
    const refreshed = (await app.inject({ url: `/api/teams/${team.id}`, headers: county.headers })).json();
    expect(refreshed.memberCount).toBe(2);
    const year = new Date().getUTCFullYear();
    expect(refreshed.averageAge).toBe(year - 1960);

    const coverage = (
      await app.inject({
        url: `/api/coverage/village-teams?regionCode=${places.daming}`,
        headers: county.headers,
      })
    ).json();
    const villages = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('code', 'like', '130425%')
      .where('depth', '=', 5)
      .execute();
    const covered = await db()
      .db.selectFrom('teams')
      .select('regionCode')
      .distinct()
      .where('status', '=', 'approved')
      .where(
        'regionCode',
        'in',
        villages.map((v) => v.code),
      )
      .execute();
    expect(coverage.villages).toBe(villages.length);
    expect(coverage.covered).toBe(covered.length);
    expect(coverage.covered).toBe(1);
    expect(coverage.uncovered).toHaveLength(villages.length - 1);
    const town = coverage.rows.find((r: { region: { code: string } }) => r.region.code === places.damingzhen);
    expect(town.covered).toBe(1);
    // 兵支书 villages without a team come first.
    await app.inject({
      method: 'PUT',
      url: `/api/regions/${world.otherTownshipCode.slice(0, 9)}001/veteran-secretary`,
      headers: county.headers,
      payload: { veteranSecretary: true },
    });
    const flagged = await db()
      .db.selectFrom('regions')
      .select('code')
      .where('veteranSecretary', '=', 1)
      .where('code', 'like', '130425%')
      .execute();
    const again = (
      await app.inject({
        url: `/api/coverage/village-teams?regionCode=${places.daming}`,
        headers: county.headers,
      })
    ).json();
    expect(
      again.uncovered
        .slice(0, flagged.length)
        .every((u: { veteranSecretary: boolean }) => u.veteranSecretary),
    ).toBe(true);
    expect(
      (
        await app.inject({
          url: `/api/coverage/village-teams?regionCode=${places.guantao}`,
          headers: county.headers,
        })
      ).statusCode,
    ).toBe(403);
  });
});
