import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { testCrypto } from '../../tests/support/app';
import { describeEachDialect } from '../../tests/support/db';
import { parseIdCard } from '../shared/idcard';
import { seedDemo } from './demo';

describeEachDialect('demo data', (db) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-demo-'));
  beforeAll(async () => {
    await seedDemo(db(), testCrypto, dataDir, () => {}, 'small');
  }, 120_000);

  it('puts the report’s teams in their real counties', async () => {
    const teams = await db()
      .db.selectFrom('teams')
      .innerJoin('regions', 'regions.code', 'teams.regionCode')
      .select(['teams.name', 'regions.name as region', 'teams.status'])
      .where('teams.parentId', 'is', null)
      .execute();
    const where = new Map(teams.map((t) => [t.name, t.region]));
    expect(where.get('戎耀帮办团')).toBe('复兴区');
    expect(where.get('“小桔灯”退役军人志愿服务队')).toBe('馆陶县');
    expect(where.get('金戈公益')).toBe('大名县');
    expect(where.get('成安县退役军人“爱心车队”')).toBe('成安县');
    expect(where.get('“情系太行”退役军人志愿服务队')).toBe('武安市');
    expect(where.get('“光辉岁月老兵餐厅”志愿服务队')).toBe('广平县');
    const taihang = await db()
      .db.selectFrom('teams as parent')
      .innerJoin('teams as sub', 'sub.parentId', 'parent.id')
      .select('sub.name')
      .where('parent.name', '=', '“情系太行”退役军人志愿服务队')
      .execute();
    expect(taihang).toHaveLength(10);
  });

  it('makes plainly fictional people whose ID numbers pass the check', async () => {
    const rows = await db()
      .db.selectFrom('volunteers')
      .select(['idCardEnc', 'birthDate', 'gender'])
      .limit(200)
      .execute();
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      const facts = parseIdCard(testCrypto.decrypt(r.idCardEnc));
      expect(facts).toMatchObject({ birthDate: r.birthDate, gender: r.gender });
    }
  });

  it('gives the retiree institutes’ teams an average age around 76', async () => {
    const rows = await db()
      .db.selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
      .select('volunteers.birthDate')
      .where('teams.name', 'like', '市军休%')
      .execute();
    expect(rows).toHaveLength(74);
    const year = new Date().getUTCFullYear();
    const avg = rows.reduce((n, r) => n + (year - Number(r.birthDate.slice(0, 4))), 0) / rows.length;
    expect(avg).toBeGreaterThan(73);
    expect(avg).toBeLessThan(79);
  });

  it('writes the demo passwords once, readable only by the owner', async () => {
    const file = path.join(dataDir, 'demo-accounts.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    for (const user of [
      'handan',
      'daming',
      'guantao',
      'damingzhen',
      'cun',
      'junxiu1',
      'rongyao',
      'sysadmin',
      'secadmin',
      'auditor',
    ]) {
      expect(text).toMatch(new RegExp(`^${user}\\s+\\S{14}\\s`, 'm'));
    }
    const passwords = [...text.matchAll(/^\S+\s+(\S{14})\s/gm)].map((m) => m[1]);
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
