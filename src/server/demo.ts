import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import { provisionAccount } from '../modules/accounts/provision';
import { AccountsRepo } from '../modules/accounts/accounts.repo';
import { twoFactorRequired } from '../modules/identity/auth.service';
import { generatePassword } from '../modules/identity/passwords';
import { SettingsRepo } from '../modules/identity/settings.repo';
import { enrollTwoFactorNow } from '../modules/identity/twoFactor.service';
import { OrganizationsRepo } from '../modules/organizations/organizations.repo';
import { roleLabels, type Role } from '../shared/identity';
import type { FieldCrypto } from './security/fieldCrypto';
import { seedDemoRegistry, type DemoScale } from './demoRegistry';
import { seedActivitiesDemo } from './demo/activities';
import { seedHonoursDemo } from './demo/honours';
import { seedLeadershipDemo } from './demo/leadership';
import { seedPlansDemo } from './demo/plans';
import { seedPublicityDemo } from './demo/publicity';
import { seedRequestsDemo } from './demo/requests';
import { seedStatisticsDemo } from './demo/statistics';

const HANDAN = '130400000000';

/** The units and organisations named in the report (市军休一所、二所; 促进会; 联合会; 基金会). */
const organizations = [
  { name: '邯郸市军队离休退休干部第一休养所', kind: 'unit' as const },
  { name: '邯郸市军队离休退休干部第二休养所', kind: 'unit' as const },
  { name: '邯郸市退役军人就业创业促进会', kind: 'social' as const },
  { name: '邯郸市爱国拥军联合会', kind: 'social' as const },
  { name: '邯郸市关爱退役军人基金会', kind: 'social' as const },
];

/** The report's units and organisations, at city level; returns their ids by name. */
export async function ensureDemoOrganizations(database: Database): Promise<Map<string, string>> {
  const now = new Date().toISOString();
  const orgs = new OrganizationsRepo(database.db);
  const ids = new Map<string, string>();
  for (const org of organizations) ids.set(org.name, (await orgs.ensure(org.name, org.kind, HANDAN, now)).id);
  return ids;
}

interface DemoAccount {
  username?: string;
  phone?: string;
  teamId?: string;
  volunteerId?: string;
  displayName: string;
  role: Role;
  regionCode?: string;
  organization?: string;
}

/** Accounts at real places: 邯郸市, 大名县, 馆陶县, 大名镇 and one of its villages, a unit, the 三员. */
async function demoAccounts(database: Database): Promise<DemoAccount[]> {
  const village = await database.db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('parentCode', '=', '130425100000')
    .orderBy('code')
    .executeTakeFirst();
  const list: DemoAccount[] = [
    { username: 'handan', displayName: '邯郸市退役军人事务局', role: 'city_admin', regionCode: HANDAN },
    {
      username: 'daming',
      displayName: '大名县退役军人事务局',
      role: 'county_admin',
      regionCode: '130425000000',
    },
    {
      username: 'guantao',
      displayName: '馆陶县退役军人事务局',
      role: 'county_admin',
      regionCode: '130433000000',
    },
    {
      username: 'damingzhen',
      displayName: '大名镇退役军人服务站',
      role: 'township_admin',
      regionCode: '130425100000',
    },
    {
      username: 'junxiu1',
      displayName: '市军休一所',
      role: 'org_admin',
      organization: organizations[0]!.name,
    },
    { username: 'sysadmin', displayName: '系统管理员', role: 'sys_admin' },
    { username: 'secadmin', displayName: '安全管理员', role: 'sec_admin' },
    { username: 'auditor', displayName: '安全审计员', role: 'auditor' },
  ];
  // A team leader and one of the team's volunteers, from the demo registry.
  const team = await database.db
    .selectFrom('teams')
    .select(['id', 'regionCode'])
    .where('name', '=', '“戎耀大名”老兵理论宣讲志愿服务队')
    .executeTakeFirst();
  if (team) {
    list.push({
      username: 'rongyao',
      displayName: '“戎耀大名”队长',
      role: 'team_leader',
      regionCode: team.regionCode,
      teamId: team.id,
    });
    const member = await database.db
      .selectFrom('memberships')
      .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
      .select(['volunteers.id', 'volunteers.name', 'volunteers.residenceCode', 'volunteers.volunteerNo'])
      .where('memberships.teamId', '=', team.id)
      .where('memberships.role', '=', 'member')
      .orderBy('volunteers.volunteerNo')
      .executeTakeFirst();
    if (member) {
      // Demo phones are 1990 + the volunteer number's digits (see demoRegistry).
      const phone = `1990${member.volunteerNo.slice(-7)}`;
      list.push({
        phone,
        displayName: member.name,
        role: 'volunteer',
        regionCode: member.residenceCode,
        volunteerId: member.id,
      });
    }
  }
  if (village) {
    list.splice(4, 0, {
      username: 'cun',
      displayName: `${village.name.replace(/(村民|居民)委员会$/, '')}服务站`.slice(0, 30),
      role: 'village_admin',
      regionCode: village.code,
    });
  }
  return list;
}

/**
 * First start: the report's organisations and one account per role that exists so far, each with a
 * random password printed once and written to data/demo-accounts.txt (mode 0600). No default passwords.
 */
export async function seedDemo(
  database: Database,
  crypto: FieldCrypto,
  dataDir: string,
  log: (line: string) => void,
  scale: DemoScale = 'full',
): Promise<void> {
  if ((await new AccountsRepo(database.db).count()) > 0) return;
  const orgIds = await ensureDemoOrganizations(database);
  const started = Date.now();
  log('生成演示队伍与志愿者（均为虚构人员）…');
  const seeded = await seedDemoRegistry(database, crypto, scale);
  log(
    `已生成 ${seeded.teams} 支队伍、${seeded.volunteers} 名志愿者（${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
  );

  const lines: string[] = [];
  const policy = await new SettingsRepo(database.db).passwordPolicy();
  for (const account of await demoAccounts(database)) {
    const password = generatePassword();
    const id = await provisionAccount(
      database.db,
      crypto,
      {
        username: account.username,
        phone: account.phone,
        teamId: account.teamId,
        volunteerId: account.volunteerId,
        displayName: account.displayName,
        role: account.role,
        regionCode: account.regionCode,
        organizationId: account.organization ? orgIds.get(account.organization) : undefined,
        password,
      },
      'demo-seed',
    );
    // The roles that must sign in with a second factor are enrolled now; the secret goes into the file
    // beside the password (type it, or open the otpauth:// link, in an authenticator app).
    const totp = twoFactorRequired(policy, account.role)
      ? await enrollTwoFactorNow(database.db, crypto, {
          id,
          username: account.username ?? null,
          displayName: account.displayName,
        })
      : undefined;
    lines.push(
      `${(account.username ?? account.phone ?? '').padEnd(12)} ${password}  ${(totp?.secret ?? '-').padEnd(32)}  ${roleLabels[account.role]} · ${account.displayName}${totp ? `  ${totp.uri}` : ''}`,
    );
  }
  // The year's work on top of the registry: activities and records, plans, honours, leadership and
  // brands' cases, publicity, residents' requests. Each is idempotent.
  const extrasStarted = Date.now();
  log('生成演示活动、服务记录、计划、荣誉、宣传与点单数据…');
  await seedActivitiesDemo(database, log);
  await seedPlansDemo(database, log);
  await seedHonoursDemo(database, log);
  await seedLeadershipDemo(database, log);
  await seedPublicityDemo(database, log);
  await seedRequestsDemo(database, log, crypto);
  await seedStatisticsDemo(database, log);
  log(`演示业务数据已生成（${((Date.now() - extrasStarted) / 1000).toFixed(1)} 秒）`);

  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo-accounts.txt');
  const text = `戎志演示账号（仅显示一次，请妥善保管；生产环境请删除演示账号；两步验证密钥可输入或以 otpauth:// 链接添加到验证器应用）\n用户名       密码            两步验证密钥（TOTP，- 表示未开启）    角色 · 名称  验证器链接\n${lines.join('\n')}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  log(`\n${text}已写入 ${file}\n`);
}
