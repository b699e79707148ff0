import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database } from '../db/database';
import type { MembershipsTable, TeamsTable, VolunteersTable } from '../db/types';
import { withCheckDigit } from '../shared/idcard';
import type { FieldCrypto } from './security/fieldCrypto';

/**
 * Demo registry: the teams the report names, in their real counties, plus one generated team for
 * nearly every village and ~40,000 plainly fictional volunteers (names from a fixed list, ID numbers
 * that pass the check digit but belong to nobody, phones in the 199 0000 xxxx range).
 */
export type DemoScale = 'full' | 'small';

/** A small deterministic PRNG so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const givenChars =
  '建国军华明志强伟平东海林红英秀兰桂芳玉霞洪亮永福德胜利春生金山保卫振兴红旗兵民忠诚朝阳宏伟家庆文武';
const branches = ['陆军', '海军', '空军', '火箭军', '武警部队', '战略支援部队'];
const skillsList = [
  '理论宣讲',
  '驾驶',
  '医疗护理',
  '文艺演出',
  '应急救援',
  '维修',
  '书法',
  '厨艺',
  '法律咨询',
  '摄影',
];

interface NamedTeam {
  name: string;
  county: string;
  category: 'station' | 'unit' | 'social' | 'integrated';
  fields: string[];
  grounds?: string[];
  organization?: string;
  members: number;
  subTeams?: number;
  foundedOn?: string;
  description: string;
  averageAge?: number;
  backbone?: number;
}

/** The teams named in the report (邯郸市退役军人事务系统工作报告). */
const namedTeams: NamedTeam[] = [
  {
    name: '戎耀帮办团',
    county: '130404000000',
    category: 'station',
    fields: ['基层社会治理', '帮办代办'],
    members: 60,
    description: '发动退役军人参与基层社会治理，收入《学习推广新时代“枫桥经验”典型经验材料汇编》。',
  },
  {
    name: '“小桔灯”退役军人志愿服务队',
    county: '130433000000',
    category: 'station',
    fields: ['无偿献血', '血液保障'],
    members: 120,
    description: '投身冬奥会和冬残奥会期间血液保障工作，入选全国学雷锋志愿服务“四个100”最佳志愿服务组织。',
  },
  {
    name: '金戈公益',
    county: '130425000000',
    category: 'integrated',
    grounds: ['founded_by_veterans', 'veteran_backbone'],
    fields: ['助老助困', '乡村振兴'],
    members: 1500,
    description:
      '大名县退役军人张金豹创办，吸纳1500余名志愿者，“暖冬粥”项目被评为河北省学雷锋志愿服务“四个一百”最佳志愿服务项目。',
  },
  {
    name: '“戎耀大名”老兵理论宣讲志愿服务队',
    county: '130425000000',
    category: 'station',
    fields: ['理论宣讲', '红色宣讲', '交通疏导', '秩序维护'],
    members: 80,
    description: '开展红色教育、助力乡村振兴；春节期间在大名古城周边开展游客疏导、秩序维护。',
  },
  {
    name: '成安县退役军人“爱心车队”',
    county: '130424000000',
    category: 'station',
    fields: ['爱心送考'],
    members: 45,
    description: '为高考、中考考生提供免费接送服务，并在考试途中提供应急帮助。',
  },
  {
    name: '“情系太行”退役军人志愿服务队',
    county: '130481000000',
    category: 'station',
    fields: ['社会治安巡逻', '护卫国旗', '文艺汇演', '慰问困难老兵', '国防教育', '乡村振兴'],
    members: 180,
    backbone: 180,
    subTeams: 10,
    foundedOn: '2022-06-01',
    description: '自2022年6月组建，骨干队员180人，下设10支分队，形成“太行力量 老兵风采”的武安模式。',
  },
  {
    name: '“光辉岁月老兵餐厅”志愿服务队',
    county: '130432000000',
    category: 'station',
    fields: ['关爱环卫工人'],
    members: 30,
    description: '为环卫工人提供免费午餐、矿泉水、绿豆汤，坚持开展“情系环卫工人，赠送爱心午餐”活动。',
  },
  {
    name: '邱县无偿献血志愿服务队',
    county: '130430000000',
    category: 'station',
    fields: ['无偿献血'],
    members: 60,
    description: '长期组织退役军人无偿献血。',
  },
  {
    name: '邯郸市红十字毅臻救援队',
    county: '130400000000',
    category: 'integrated',
    grounds: ['founded_by_veterans', 'veteran_backbone'],
    fields: ['应急救援'],
    members: 90,
    description: '退役军人发起、以退役军人为骨干，长期从事专业救援。',
  },
  {
    name: '邯郸市红十字中安防减灾服务中心志愿服务队',
    county: '130400000000',
    category: 'integrated',
    grounds: ['founded_by_veterans', 'veteran_backbone'],
    fields: ['应急救援'],
    members: 70,
    description: '退役军人发起、以退役军人为骨干的防灾减灾专业救援队伍。',
  },
  {
    name: '俊岭医疗志愿服务队',
    county: '130400000000',
    category: 'integrated',
    grounds: ['veteran_backbone', 'serves_veterans'],
    fields: ['医疗服务'],
    members: 40,
    description: '为退役军人和群众提供义诊、健康咨询。',
  },
  {
    name: '市军休一所红色宣讲志愿服务队',
    county: '130400000000',
    category: 'unit',
    organization: '邯郸市军队离休退休干部第一休养所',
    fields: ['红色宣讲'],
    members: 16,
    averageAge: 76,
    description: '军休干部讲述革命传统。',
  },
  {
    name: '市军休一所文明生活志愿服务队',
    county: '130400000000',
    category: 'unit',
    organization: '邯郸市军队离休退休干部第一休养所',
    fields: ['文明生活'],
    members: 15,
    averageAge: 76,
    description: '倡导文明健康生活方式。',
  },
  {
    name: '市军休一所医疗服务志愿服务队',
    county: '130400000000',
    category: 'unit',
    organization: '邯郸市军队离休退休干部第一休养所',
    fields: ['医疗服务'],
    members: 14,
    averageAge: 76,
    description: '退休军医义诊。',
  },
  {
    name: '市军休二所国防教育志愿服务队',
    county: '130400000000',
    category: 'unit',
    organization: '邯郸市军队离休退休干部第二休养所',
    fields: ['国防教育'],
    members: 15,
    averageAge: 76,
    description: '走进校园开展国防教育。',
  },
  {
    name: '市军休二所助老助困志愿服务队',
    county: '130400000000',
    category: 'unit',
    organization: '邯郸市军队离休退休干部第二休养所',
    fields: ['助老助困'],
    members: 14,
    averageAge: 76,
    description: '结对帮扶困难老人。',
  },
  {
    name: '邯郸市退役军人志愿服务队',
    county: '130400000000',
    category: 'social',
    organization: '邯郸市退役军人就业创业促进会',
    fields: ['应急救援', '助老助困', '乡村振兴'],
    members: 150,
    subTeams: 10,
    description: '邯郸市退役军人就业创业促进会组建，下设10支分队。',
  },
  {
    name: '邯郸市爱国拥军联合会志愿服务队',
    county: '130400000000',
    category: 'social',
    organization: '邯郸市爱国拥军联合会',
    fields: ['慰问困难老兵', '国防教育'],
    members: 40,
    description: '开展拥军优属、慰问困难老兵。',
  },
  {
    name: '邯郸市关爱退役军人基金会志愿服务队',
    county: '130400000000',
    category: 'social',
    organization: '邯郸市关爱退役军人基金会',
    fields: ['慰问困难老兵', '助老助困'],
    members: 30,
    description: '关爱帮扶困难退役军人。',
  },
];

export async function seedDemoRegistry(
  database: Database,
  crypto: FieldCrypto,
  scale: DemoScale,
): Promise<{ teams: number; volunteers: number }> {
  const db = database.db;
  const existing = await db.selectFrom('teams').select('id').limit(1).execute();
  if (existing.length) return { teams: 0, volunteers: 0 };
  const random = rng(1304);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const now = new Date().toISOString();
  const year = new Date().getUTCFullYear();

  const fields = new Map(
    (await db.selectFrom('serviceFields').select(['id', 'name']).execute()).map((f) => [f.name, f.id]),
  );
  const orgs = new Map(
    (await db.selectFrom('organizations').select(['id', 'name']).execute()).map((o) => [o.name, o.id]),
  );
  const villageQuery = db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('depth', '=', 5)
    .orderBy('code');
  const villages =
    scale === 'full'
      ? await villageQuery.execute()
      : await villageQuery.where('code', 'like', '130425100%').execute();

  const teams: Insertable<TeamsTable>[] = [];
  const teamFields: { teamId: string; fieldId: string }[] = [];
  const volunteers: Insertable<VolunteersTable>[] = [];
  const memberships: Insertable<MembershipsTable>[] = [];
  let volunteerSeq = 0;
  const usedIds = new Set<string>();

  const person = (residence: string, age: number, veteran: boolean) => {
    volunteerSeq++;
    const birthYear = year - age;
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const male = random() < 0.88;
    let id = '';
    do {
      const seqDigits = String(Math.floor(random() * 100)).padStart(2, '0');
      const genderDigit = String(male ? 1 + 2 * Math.floor(random() * 5) : 2 * Math.floor(random() * 5));
      id = withCheckDigit(
        `${residence.slice(0, 6)}${birthYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seqDigits}${genderDigit}`,
      );
    } while (usedIds.has(id));
    usedIds.add(id);
    const phone = `1990${String(volunteerSeq).padStart(7, '0')}`;
    const vid = randomUUID();
    volunteers.push({
      id: vid,
      volunteerNo: `RZ${String(volunteerSeq).padStart(8, '0')}`,
      name: `${pick([...surnames])}${pick([...givenChars])}${random() < 0.6 ? pick([...givenChars]) : ''}`,
      gender: male ? 'M' : 'F',
      birthDate: `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      idCardEnc: crypto.encrypt(id),
      idCardHash: crypto.hash(id),
      phoneEnc: crypto.encrypt(phone),
      phoneHash: crypto.hash(phone),
      residenceCode: residence,
      isVeteran: veteran ? 1 : 0,
      veteranKind: veteran
        ? age >= 70 && random() < 0.3
          ? 'retired_cadre'
          : random() < 0.8
            ? 'soldier'
            : 'transferred_cadre'
        : null,
      branch: veteran ? pick(branches) : null,
      serviceYears: veteran ? 2 + Math.floor(random() * 14) : null,
      partyMember: random() < 0.55 ? 1 : 0,
      veteranSecretary: 0,
      skills: random() < 0.5 ? pick(skillsList) : '',
      publicityConsent: random() < 0.7 ? 1 : 0,
      createdAt: now,
      createdBy: null,
      updatedAt: now,
    });
    return vid;
  };

  const addTeam = (t: {
    name: string;
    category: NamedTeam['category'];
    regionCode: string;
    fields: string[];
    parent?: { id: string; path: string };
    organizationId?: string | null;
    grounds?: string[];
    leaderName: string;
    foundedOn?: string;
    description?: string;
  }) => {
    const id = randomUUID();
    const path = `${t.parent?.path ?? '/'}${id}/`;
    teams.push({
      id,
      name: t.name,
      category: t.category,
      integrationGrounds: t.grounds?.join(',') ?? null,
      regionCode: t.regionCode,
      organizationId: t.organizationId ?? null,
      hostName: null,
      parentId: t.parent?.id ?? null,
      path,
      leaderName: t.leaderName,
      contactPhoneEnc: null,
      foundedOn:
        t.foundedOn ?? `20${String(18 + Math.floor(random() * 7))}-0${1 + Math.floor(random() * 9)}-15`,
      description: t.description ?? '',
      status: 'approved',
      createdAt: now,
      createdBy: null,
      updatedAt: now,
    });
    for (const f of t.fields) {
      const fieldId = fields.get(f);
      if (fieldId) teamFields.push({ teamId: id, fieldId });
    }
    return { id, path };
  };

  const join = (teamId: string, volunteerId: string, role: 'leader' | 'backbone' | 'member') =>
    memberships.push({
      id: randomUUID(),
      teamId,
      volunteerId,
      role,
      joinedOn: `${year - 1 - Math.floor(random() * 4)}-03-05`,
      leftOn: null,
    });

  const countyVillages = (county: string) => villages.filter((v) => v.code.startsWith(county.slice(0, 6)));
  const homeFor = (county: string) => {
    const list = county.endsWith('00000000') ? villages : countyVillages(county);
    return (list.length ? pick(list) : villages[0]!).code;
  };

  for (const named of namedTeams) {
    if (scale === 'small' && named.members > 200) named.members = 60;
    const team = addTeam({
      name: named.name,
      category: named.category,
      regionCode: named.county,
      fields: named.fields,
      organizationId: named.organization ? (orgs.get(named.organization) ?? null) : null,
      grounds: named.grounds,
      leaderName: `${pick([...surnames])}${pick([...givenChars])}`,
      foundedOn: named.foundedOn,
      description: named.description,
    });
    const subs = Array.from({ length: named.subTeams ?? 0 }, (_, i) =>
      addTeam({
        name: `${named.name.replace(/志愿服务队$/, '')}第${'一二三四五六七八九十'[i]}分队`,
        category: named.category,
        regionCode: named.county,
        fields: named.fields,
        parent: team,
        organizationId: named.organization ? (orgs.get(named.organization) ?? null) : null,
        grounds: named.grounds,
        leaderName: `${pick([...surnames])}${pick([...givenChars])}`,
      }),
    );
    for (let i = 0; i < named.members; i++) {
      const age = named.averageAge
        ? named.averageAge - 6 + Math.floor(random() * 13)
        : 28 + Math.floor(random() * 50);
      const vid = person(homeFor(named.county), age, random() < 0.92);
      const role =
        i === 0 ? 'leader' : i < (named.backbone ?? Math.ceil(named.members / 10)) ? 'backbone' : 'member';
      join(team.id, vid, role);
      if (subs.length) join(subs[i % subs.length]!.id, vid, i < subs.length ? 'leader' : 'member');
    }
  }

  // 一村一队伍: every village but a few gets its team; 3 in 10 villages have a 兵支书.
  const target = scale === 'full' ? 40_000 : 400;
  const villageTeams = villages.filter(() => random() > 0.006);
  const remaining = Math.max(0, target - volunteers.length);
  const perTeam = villageTeams.length ? remaining / villageTeams.length : 0;
  for (const v of villageTeams) {
    const shortName = v.name.replace(/(村民委员会|居民委员会|村委会|社区居委会)$/, '').replace(/村$/, '');
    const isCommunity = /社区/.test(v.name);
    const team = addTeam({
      name: `${shortName}${isCommunity ? '' : '村'}退役军人志愿服务队`.slice(0, 60),
      category: 'station',
      regionCode: v.code,
      fields: [
        pick(['乡村振兴', '助老助困', '社会治安巡逻', '文明生活', '红色宣讲']),
        pick(['交通疏导', '慰问困难老兵', '基层社会治理']),
      ],
      leaderName: `${pick([...surnames])}${pick([...givenChars])}`,
    });
    // A few large teams, many small ones.
    const size = Math.max(2, Math.round(perTeam * (random() < 0.05 ? 4 : 0.6 + random() * 0.8)));
    for (let i = 0; i < size && volunteers.length < target; i++) {
      const vid = person(v.code, 30 + Math.floor(random() * 50), random() < 0.9);
      join(team.id, vid, i === 0 ? 'leader' : i < 3 ? 'backbone' : 'member');
    }
  }
  const flagged = villages.filter(() => random() < 0.3).map((v) => v.code);

  await db.transaction().execute(async (tx) => {
    const batch = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
    };
    // Parents before children: named teams (with their sub-teams) were pushed parent-first.
    await batch(teams, 400, (c) => tx.insertInto('teams').values(c).execute());
    await batch(teamFields, 2000, (c) => tx.insertInto('teamFields').values(c).execute());
    // Each demo team's registration shows as approved by the city bureau in its history.
    await batch(teams, 1000, (c) =>
      tx
        .insertInto('teamEvents')
        .values(
          c.map((t) => ({
            id: randomUUID(),
            teamId: t.id,
            at: now,
            accountId: null,
            actorName: '邯郸市退役军人事务局（演示数据）',
            action: 'approve',
            fromStatus: 'submitted',
            toStatus: 'approved',
            reason: null,
          })),
        )
        .execute(),
    );
    await batch(volunteers, 500, (c) => tx.insertInto('volunteers').values(c).execute());
    await batch(memberships, 2000, (c) => tx.insertInto('memberships').values(c).execute());
    await batch(flagged, 500, (c) =>
      tx.updateTable('regions').set({ veteranSecretary: 1 }).where('code', 'in', c).execute(),
    );
  });
  await seedDemoBrands(database, teams, now);
  return { teams: teams.length, volunteers: volunteers.length };
}

/** The report's brands (一县一品牌), each with its owning team and, for most, its highlight (亮点). */
const reportBrands: {
  name: string;
  county: string;
  team: string;
  description: string;
  highlight?: string;
}[] = [
  {
    name: '戎耀帮办团',
    county: '130404000000',
    team: '戎耀帮办团',
    description: '退役军人参与基层社会治理，让群众安全感、满意度、幸福感不断上升。',
    highlight: '收入退役军人事务部《学习推广新时代“枫桥经验”典型经验材料汇编》',
  },
  {
    name: '小桔灯',
    county: '130433000000',
    team: '“小桔灯”退役军人志愿服务队',
    description: '投身冬奥会和冬残奥会期间血液保障工作。',
    highlight: '入选全国学雷锋志愿服务“四个100”最佳志愿服务组织',
  },
  {
    name: '金戈公益·暖冬粥',
    county: '130425000000',
    team: '金戈公益',
    description: '张金豹创办，吸纳1500余名志愿者。',
    highlight: '“暖冬粥”项目被评为河北省学雷锋志愿服务“四个一百”最佳志愿服务项目',
  },
  {
    name: '戎耀大名',
    county: '130425000000',
    team: '“戎耀大名”老兵理论宣讲志愿服务队',
    description: '老兵理论宣讲，将党的创新理论送入寻常百姓家。',
    highlight: '春节期间在大名古城周边开展游客疏导、秩序维护',
  },
  {
    name: '爱心车队',
    county: '130424000000',
    team: '成安县退役军人“爱心车队”',
    description: '为高考、中考考生提供免费接送服务。',
    highlight: '考试途中遇到突发情况及时提供应急帮助',
  },
  {
    name: '情系太行',
    county: '130481000000',
    team: '“情系太行”退役军人志愿服务队',
    description: '骨干队员180人，下设10支分队。',
    highlight: '形成“太行力量 老兵风采”的武安模式',
  },
  {
    name: '光辉岁月老兵餐厅',
    county: '130432000000',
    team: '“光辉岁月老兵餐厅”志愿服务队',
    description: '为环卫工人提供免费午餐、矿泉水、绿豆汤。',
    highlight: '坚持开展“情系环卫工人，赠送爱心午餐”活动',
  },
  {
    name: '邱县无偿献血',
    county: '130430000000',
    team: '邱县无偿献血志愿服务队',
    description: '组织退役军人无偿献血。',
  },
];

async function seedDemoBrands(database: Database, teams: Insertable<TeamsTable>[], now: string) {
  const byName = new Map(teams.map((t) => [t.name, t.id]));
  await database.db.transaction().execute(async (tx) => {
    for (const b of reportBrands) {
      const teamId = byName.get(b.team);
      if (!teamId) continue;
      const id = randomUUID();
      await tx
        .insertInto('brands')
        .values({
          id,
          name: b.name,
          countyCode: b.county,
          description: b.description,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await tx.insertInto('brandTeams').values({ brandId: id, teamId }).execute();
      if (b.highlight) {
        await tx
          .insertInto('brandHighlights')
          .values({ id: randomUUID(), brandId: id, title: b.highlight, body: '', createdAt: now })
          .execute();
      }
    }
  });
}
