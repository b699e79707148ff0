import { beforeAll, expect, it } from 'vitest';
import { testCrypto } from '../../../tests/support/app';
import { describeEachDialect } from '../../../tests/support/db';
import { seedHonoursDemo } from '../../server/demo/honours';
import { ensureDemoOrganizations } from '../../server/demo';
import { seedDemoRegistry } from '../../server/demoRegistry';
import { listHonoursHeld } from './honours.read';
import { chinaToday } from '../../shared/dates';

describeEachDialect('honours demo data', (db) => {
  beforeAll(async () => {
    await ensureDemoOrganizations(db());
    await seedDemoRegistry(db(), testCrypto, 'small');
    await seedHonoursDemo(db(), () => {});
    await seedHonoursDemo(db(), () => {});
  }, 120_000);

  it('enters the report’s outside recognitions on the named teams, once', async () => {
    const team = await db()
      .db.selectFrom('teams')
      .select('id')
      .where('name', '=', '戎耀帮办团')
      .executeTakeFirstOrThrow();
    const held = await listHonoursHeld(db().db, { kind: 'team', id: team.id });
    // The report's national one (last year) and this year's city recognition, each entered once.
    expect(held).toHaveLength(2);
    const national = held.find((h) => h.level === 'national');
    expect(national).toMatchObject({ source: 'external' });
    expect(national!.name).toContain('枫桥经验');
    expect(held.find((h) => h.level === 'city')).toMatchObject({
      source: 'external',
      name: '邯郸市学雷锋志愿服务先进集体',
      year: Number(chinaToday().slice(0, 4)),
    });
    const founder = await db()
      .db.selectFrom('externalHonours')
      .select('name')
      .where('holderKind', '=', 'volunteer')
      .execute();
    expect(founder.map((f) => f.name).sort()).toEqual(['“大思政课”宣讲教师', '河北省老兵宣讲团成员'].sort());
  });

  it('has last year’s awards and 表彰大会, and this year’s nominations at several steps', async () => {
    const last = Number(chinaToday().slice(0, 4)) - 1;
    const meeting = await db()
      .db.selectFrom('commendations')
      .selectAll()
      .where('year', '=', last)
      .executeTakeFirst();
    expect(meeting?.title).toContain('表彰大会');
    const statuses = await db().db.selectFrom('nominations').select(['status', 'year']).execute();
    expect(statuses.filter((s) => s.year === last && s.status === 'awarded').length).toBeGreaterThanOrEqual(
      4,
    );
    const now = new Set(statuses.filter((s) => s.year === last + 1).map((s) => s.status));
    for (const s of ['county_review', 'city_review', 'notice', 'reported', 'rejected', 'awarded'])
      expect(now.has(s as never), s).toBe(true);
    const open = await db()
      .db.selectFrom('nominationObjections')
      .select('id')
      .where('status', '=', 'open')
      .execute();
    expect(open).toHaveLength(1);
  });
});
