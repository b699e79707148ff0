import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database';
import { provisionAccount } from '../../src/modules/accounts/provision';
import { OrganizationsRepo } from '../../src/modules/organizations/organizations.repo';
import type { Role } from '../../src/shared/identity';
import { testCrypto } from '../support/app';
import { places, TEST_PASSWORD, type Session } from '../support/auth';
import { SESSION_COOKIE } from '../../src/modules/identity/auth.plugin';
import { SessionsRepo } from '../../src/modules/identity/sessions.repo';
import { fakeIdCard, fakePhone } from '../support/registry';
import { statisticsFixtures } from '../support/statistics.fixtures';
import { seedOtherKinds, type OtherResource } from './matrixKinds';

/**
 * One world for the authorization matrix: a caller at every level, and around each of them rows in
 * every place relative to it (own region, child, sibling, parent, another county; own team and another;
 * own organisation and another). Each row says, by hand, which callers may see it: that table is the
 * expectation the routes are held to, written apart from scope.ts rather than derived from it.
 */
export const CALLERS = [
  'city',
  'county',
  'township',
  'village',
  'leader',
  'volunteer',
  'org',
  'sysadmin',
  'secadmin',
  'auditor',
] as const;
export type Caller = (typeof CALLERS)[number];
export const SYSTEM_CALLERS: readonly Caller[] = ['sysadmin', 'secadmin', 'auditor'];

export type Resource =
  | 'team'
  | 'volunteer'
  | 'activity'
  | 'account'
  | 'plan'
  | 'request'
  | 'leadershipGroup'
  | 'serviceRecord'
  | OtherResource;

export interface Target {
  key: string;
  resource: Resource;
  /** The row's id: what `:id` (or, with `params`, the last path parameter) names. */
  id: string;
  /** Path parameters when the route names more than the row (a plan item: its plan and itself). */
  params?: Readonly<Record<string, string>>;
  /** A string that appears wherever the row is shown (its name), and nowhere else. */
  marker: string;
  /** The place relative to the callers, for messages. */
  place: string;
  seenBy: ReadonlySet<Caller>;
  /**
   * Who may change it, when that is fewer than who may see it (a published brand is read by every
   * account, kept by its county and the city). State changes are refused to everyone else.
   */
  actedBy?: ReadonlySet<Caller>;
  /** Not looked for in responses: a probe that pairs one row's parent with another row's id. */
  scan?: false;
}

/**
 * Where a row the caller may not open is still named, by design: an account's anchor team to the
 * account administrators; the organising team of an open activity to the volunteer it is open to.
 */
export interface Disclosure {
  callers: readonly Caller[];
  target: string;
  routes: RegExp;
  why: string;
}

export const DISCLOSURES: readonly Disclosure[] = [
  {
    callers: ['sysadmin', 'secadmin'],
    target: 'team.own',
    routes: /^GET \/api\/accounts/,
    why: '账号管理需看到队长账号所属队伍的名称',
  },
  {
    callers: ['volunteer'],
    target: 'team.county',
    routes: /^GET \/api\/activities/,
    why: '向志愿者开放的活动显示组织队伍名称',
  },
];

export interface MatrixWorld {
  targets: Target[];
  sessions: Record<Caller, Session>;
  accountIds: Record<Caller, string>;
  regions: {
    city: string;
    county: string;
    township: string;
    village: string;
    siblingVillage: string;
    siblingTownship: string;
    otherCounty: string;
    otherCountyVillage: string;
  };
  /** Region codes by how they relate to each region caller. */
  orgId: string;
  otherOrgId: string;
}

export const REGION_STAFF: Caller[] = ['city', 'county', 'township', 'village'];
export const seen = (...callers: Caller[]) => new Set<Caller>(callers);

export async function buildMatrixWorld(database: Database): Promise<MatrixWorld> {
  const db = database.db;
  const fx = statisticsFixtures(db, testCrypto);
  const childrenOf = (code: string) =>
    db.selectFrom('regions').select('code').where('parentCode', '=', code).orderBy('code').execute();
  const villages = await childrenOf(places.damingzhen);
  const townships = await childrenOf(places.daming);
  const guantaoVillages = await childrenOf(places.guantaozhen);
  const regions = {
    city: places.handan,
    county: places.daming,
    township: places.damingzhen,
    village: villages[0]!.code,
    siblingVillage: villages[1]!.code,
    siblingTownship: townships.find((t) => t.code !== places.damingzhen)!.code,
    otherCounty: places.guantao,
    otherCountyVillage: guantaoVillages[0]!.code,
  };
  const now = new Date().toISOString();
  const orgs = new OrganizationsRepo(db);
  const org = await orgs.ensure('邯郸市军队离休退休干部第一休养所', 'unit', regions.city, now);
  const otherOrg = await orgs.ensure('馆陶县矩阵测试志愿者协会', 'social', regions.otherCounty, now);

  const targets: Target[] = [];
  const add = (t: Omit<Target, 'marker'> & { marker?: string }) => {
    const target = { ...t, marker: t.marker ?? t.id };
    targets.push(target);
    return target.id;
  };
  const team = async (
    key: string,
    place: string,
    region: string,
    seenBy: Set<Caller>,
    orgId: string | null = null,
  ) => {
    const marker = `矩阵队${key}`;
    const id = await fx.team(region, marker, orgId ? 'unit' : 'station', 'approved', orgId);
    add({ key: `team.${key}`, resource: 'team', id, marker, place, seenBy });
    return id;
  };
  // Teams. The leader leads `own`; the volunteer is a member of `own`.
  const ownTeam = await team(
    'own',
    '本村·本队',
    regions.village,
    seen(...REGION_STAFF, 'leader', 'volunteer'),
  );
  const otherTeam = await team('otherTeam', '本村·他队', regions.village, seen(...REGION_STAFF));
  const siblingVillageTeam = await team(
    'siblingVillage',
    '同乡邻村',
    regions.siblingVillage,
    seen('city', 'county', 'township'),
  );
  const siblingTownshipTeam = await team(
    'siblingTownship',
    '同县邻乡',
    regions.siblingTownship,
    seen('city', 'county'),
  );
  const countyTeam = await team('county', '县本级（乡村的上级）', regions.county, seen('city', 'county'));
  await team('city', '市本级（县的上级）', regions.city, seen('city'));
  const otherCountyTeam = await team('otherCounty', '另一县', regions.otherCountyVillage, seen('city'));
  const orgTeam = await team('org', '本单位', regions.city, seen('city', 'org'), org.id);
  await team('otherOrg', '另一单位（另一县）', regions.otherCounty, seen('city'), otherOrg.id);

  // Volunteers.
  const volunteer = async (
    key: string,
    place: string,
    residence: string,
    seenBy: Set<Caller>,
    teamId?: string,
  ) => {
    const marker = `矩阵兵${key}`;
    const id = await fx.volunteer(residence, marker, {
      idCard: fakeIdCard('19520101'),
      phone: fakePhone(),
      teamId,
    });
    add({ key: `volunteer.${key}`, resource: 'volunteer', id, marker, place, seenBy });
    return id;
  };
  const self = await volunteer(
    'self',
    '本人（本村·本队）',
    regions.village,
    seen(...REGION_STAFF, 'leader', 'volunteer'),
    ownTeam,
  );
  await volunteer('ownTeam', '本队队员', regions.village, seen(...REGION_STAFF, 'leader'), ownTeam);
  await volunteer('otherTeam', '本村·他队队员', regions.village, seen(...REGION_STAFF), otherTeam);
  await volunteer(
    'siblingVillage',
    '同乡邻村',
    regions.siblingVillage,
    seen('city', 'county', 'township'),
    siblingVillageTeam,
  );
  await volunteer(
    'siblingTownship',
    '同县邻乡',
    regions.siblingTownship,
    seen('city', 'county'),
    siblingTownshipTeam,
  );
  await volunteer(
    'county',
    '县本级队伍队员（住另一县）',
    regions.otherCountyVillage,
    seen('city', 'county'),
    countyTeam,
  );
  await volunteer('otherCounty', '另一县', regions.otherCountyVillage, seen('city'), otherCountyTeam);
  await volunteer(
    'crossing',
    '住另一县、入本村他队',
    regions.otherCountyVillage,
    seen(...REGION_STAFF),
    otherTeam,
  );
  await volunteer('org', '本单位队员（住另一县）', regions.otherCountyVillage, seen('city', 'org'), orgTeam);

  // Activities (completed: a volunteer sees them only through their team; published ones in their
  // home region or above are open to them).
  const activity = async (
    key: string,
    place: string,
    teamId: string,
    region: string,
    seenBy: Set<Caller>,
    status: 'completed' | 'published' = 'completed',
  ) => {
    const id = await fx.activity(teamId, region, '2026-03-10T01:00:00.000Z', status);
    const marker = `矩阵活动${key}`;
    await db.updateTable('activities').set({ title: marker }).where('id', '=', id).execute();
    add({ key: `activity.${key}`, resource: 'activity', id, marker, place, seenBy });
    return id;
  };
  await activity('own', '本队', ownTeam, regions.village, seen(...REGION_STAFF, 'leader', 'volunteer'));
  await activity('otherTeam', '本村·他队', otherTeam, regions.village, seen(...REGION_STAFF));
  await activity(
    'siblingVillage',
    '同乡邻村',
    siblingVillageTeam,
    regions.siblingVillage,
    seen('city', 'county', 'township'),
  );
  await activity(
    'siblingTownship',
    '同县邻乡',
    siblingTownshipTeam,
    regions.siblingTownship,
    seen('city', 'county'),
  );
  await activity(
    'countyOpen',
    '县本级、已发布（本人所在县）',
    countyTeam,
    regions.county,
    seen('city', 'county', 'volunteer'),
    'published',
  );
  await activity('otherCounty', '另一县', otherCountyTeam, regions.otherCountyVillage, seen('city'));
  await activity('org', '本单位', orgTeam, regions.city, seen('city', 'org'));

  // Service records (pending), seen with the team they were served in (and by the volunteer, theirs).
  const record = async (
    key: string,
    place: string,
    volunteerKey: string,
    teamId: string,
    seenBy: Set<Caller>,
  ) => {
    const volunteerId = targets.find((t) => t.key === `volunteer.${volunteerKey}`)!.id;
    const id = await fx.record(volunteerId, teamId, '2026-03-10', 120, 'pending');
    add({ key: `serviceRecord.${key}`, resource: 'serviceRecord', id, place, seenBy });
  };
  await record('self', '本人·本队', 'self', ownTeam, seen(...REGION_STAFF, 'leader', 'volunteer'));
  await record('siblingTownship', '同县邻乡', 'siblingTownship', siblingTownshipTeam, seen('city', 'county'));
  await record('otherCounty', '另一县', 'otherCounty', otherCountyTeam, seen('city'));
  await record('org', '本单位', 'org', orgTeam, seen('city', 'org'));

  // Plans (a region's, or a team's), 群众点单 requests (placed in a village, dispatched to a team),
  // leadership groups (a county's).
  const plan = async (
    key: string,
    place: string,
    region: string,
    teamId: string | null,
    seenBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    const marker = `矩阵计划${key}`;
    await db
      .insertInto('plans')
      .values({
        id,
        regionCode: region,
        teamId,
        year: 2026,
        title: marker,
        goals: '',
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    add({ key: `plan.${key}`, resource: 'plan', id, marker, place, seenBy });
    return id;
  };
  await plan('village', '本村', regions.village, null, seen(...REGION_STAFF));
  // A volunteer sees the plans of their own team.
  await plan('ownTeam', '本队', regions.village, ownTeam, seen(...REGION_STAFF, 'leader', 'volunteer'));
  await plan('siblingVillage', '同乡邻村', regions.siblingVillage, null, seen('city', 'county', 'township'));
  await plan('county', '县本级', regions.county, null, seen('city', 'county'));
  await plan('otherCounty', '另一县', regions.otherCounty, null, seen('city'));
  await plan('org', '本单位队伍', regions.city, orgTeam, seen('city', 'org'));

  const field = await db.selectFrom('serviceFields').select('id').orderBy('sort').executeTakeFirstOrThrow();
  let requestSeq = 0;
  const request = async (
    key: string,
    place: string,
    region: string,
    teamId: string | null,
    seenBy: Set<Caller>,
  ) => {
    const id = randomUUID();
    const marker = `矩阵点单${key}`;
    await db
      .insertInto('serviceRequests')
      .values({
        id,
        requestNo: `MX20260310-${String(++requestSeq).padStart(4, '0')}`,
        source: 'station',
        fieldId: field.id,
        regionCode: region,
        address: `${marker}地址`,
        wantedAt: '2026-03-12T01:00:00.000Z',
        description: marker,
        contactName: '李大娘',
        phoneEnc: testCrypto.encrypt('13912340000'),
        phoneHash: testCrypto.hash('13912340000'),
        status: teamId ? 'dispatched' : 'submitted',
        teamId,
        activityId: null,
        dispatchDueAt: '2026-03-11T01:00:00.000Z',
        acceptDueAt: teamId ? '2026-03-11T05:00:00.000Z' : null,
        dispatchedAt: teamId ? now : null,
        acceptedAt: null,
        completedAt: null,
        rating: null,
        ratingComment: null,
        ratedAt: null,
        ratingTokenHash: null,
        createdBy: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    if (teamId)
      await db
        .insertInto('requestAssignments')
        .values({
          id: randomUUID(),
          requestId: id,
          teamId,
          status: 'pending',
          reason: null,
          dispatchedBy: 'test',
          dispatchedAt: now,
          decidedBy: null,
          decidedAt: null,
        })
        .execute();
    add({ key: `request.${key}`, resource: 'request', id, marker, place, seenBy });
  };
  await request('ownTeam', '本村、派给本队', regions.village, ownTeam, seen(...REGION_STAFF, 'leader'));
  await request('village', '本村、待派单', regions.village, null, seen(...REGION_STAFF));
  await request(
    'siblingVillage',
    '同乡邻村',
    regions.siblingVillage,
    null,
    seen('city', 'county', 'township'),
  );
  await request(
    'otherCounty',
    '另一县、派给另一县队伍',
    regions.otherCountyVillage,
    otherCountyTeam,
    seen('city'),
  );
  await request('toOrg', '另一县、派给本单位队伍', regions.otherCountyVillage, orgTeam, seen('city', 'org'));

  const group = async (key: string, place: string, region: string, seenBy: Set<Caller>) => {
    const id = randomUUID();
    const marker = `矩阵领导小组${key}`;
    await db
      .insertInto('leadershipGroups')
      .values({ id, regionCode: region, name: marker, duties: '', createdAt: now, updatedAt: now })
      .execute();
    add({ key: `leadershipGroup.${key}`, resource: 'leadershipGroup', id, marker, place, seenBy });
    return id;
  };
  await group('city', '市', regions.city, seen('city'));
  const countyGroup = await group('county', '本县', regions.county, seen('city', 'county'));
  const otherCountyGroup = await group('otherCounty', '另一县', regions.otherCounty, seen('city'));

  // Accounts: the callers themselves, and colleagues in the other places.
  const accountIds = {} as Record<Caller, string>;
  const account = async (
    key: string,
    place: string,
    role: Role,
    seenBy: Set<Caller>,
    anchor: {
      regionCode?: string;
      organizationId?: string;
      teamId?: string;
      volunteerId?: string;
      phone?: string;
    },
  ) => {
    const marker = `矩阵号${key}`;
    const id = await provisionAccount(
      db,
      testCrypto,
      {
        ...(anchor.phone ? {} : { username: `mx_${key.toLowerCase()}` }),
        ...anchor,
        displayName: marker,
        role,
        password: TEST_PASSWORD,
      },
      'test',
    );
    add({ key: `account.${key}`, resource: 'account', id, marker, place, seenBy });
    return id;
  };
  // The security and system administrators manage every account; each account sees itself.
  const admins: Caller[] = ['sysadmin', 'secadmin'];
  accountIds.city = await account('city', '市', 'city_admin', seen('city', ...admins), {
    regionCode: regions.city,
  });
  accountIds.county = await account('county', '县', 'county_admin', seen('city', 'county', ...admins), {
    regionCode: regions.county,
  });
  accountIds.township = await account(
    'township',
    '乡',
    'township_admin',
    seen('city', 'county', 'township', ...admins),
    {
      regionCode: regions.township,
    },
  );
  accountIds.village = await account('village', '村', 'village_admin', seen(...REGION_STAFF, ...admins), {
    regionCode: regions.village,
  });
  accountIds.leader = await account(
    'leader',
    '本队队长',
    'team_leader',
    seen('city', 'county', 'township', 'leader', ...admins),
    {
      regionCode: regions.village,
      teamId: ownTeam,
    },
  );
  accountIds.volunteer = await account(
    'volunteer',
    '本人',
    'volunteer',
    seen('city', 'county', 'township', 'volunteer', ...admins),
    {
      phone: '13800138001',
      regionCode: regions.village,
      volunteerId: self,
    },
  );
  accountIds.org = await account('org', '本单位', 'org_admin', seen('city', 'org', ...admins), {
    organizationId: org.id,
  });
  accountIds.sysadmin = await account(
    'sysadmin',
    '系统管理员',
    'sys_admin',
    seen('sysadmin', 'secadmin'),
    {},
  );
  accountIds.secadmin = await account(
    'secadmin',
    '安全管理员',
    'sec_admin',
    seen('sysadmin', 'secadmin'),
    {},
  );
  accountIds.auditor = await account(
    'auditor',
    '审计员',
    'auditor',
    seen('sysadmin', 'secadmin', 'auditor'),
    {},
  );
  const siblingTownshipAccount = await account(
    'siblingTownship',
    '同县邻乡',
    'township_admin',
    seen('city', 'county', ...admins),
    { regionCode: regions.siblingTownship },
  );
  const otherCountyAccount = await account('otherCounty', '另一县', 'county_admin', seen('city', ...admins), {
    regionCode: regions.otherCounty,
  });
  await account('otherOrg', '另一单位', 'org_admin', seen('city', ...admins), {
    organizationId: otherOrg.id,
  });

  // The other kinds of row (requests, certificates, templates, brands, cases, nominations, stories…).
  await seedOtherKinds({
    db,
    fx,
    regions,
    now,
    fieldId: field.id,
    targets,
    add,
    accounts: { ...accountIds, siblingTownship: siblingTownshipAccount, otherCounty: otherCountyAccount },
    teams: { own: ownTeam, siblingTownship: siblingTownshipTeam, otherCounty: otherCountyTeam, org: orgTeam },
    groups: { county: countyGroup, otherCounty: otherCountyGroup },
  });

  const sessions = {} as Record<Caller, Session>;
  for (const caller of CALLERS) sessions[caller] = await sessionFor(database, accountIds[caller]);
  return { targets, sessions, accountIds, regions, orgId: org.id, otherOrgId: otherOrg.id };
}

/**
 * A session opened directly: the matrix is about what a session may do; how one is obtained
 * (password, second factor) is tested with the login itself.
 */
export async function sessionFor(database: Database, accountId: string): Promise<Session> {
  const row = await database.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const { token } = await new SessionsRepo(database.db).create(
    row,
    { ip: '127.0.0.1', userAgent: 'matrix' },
    new Date(),
  );
  const cookie = `${SESSION_COOKIE}=${token}`;
  return { cookie, headers: { cookie, 'x-requested-with': 'rongzhi' } };
}
