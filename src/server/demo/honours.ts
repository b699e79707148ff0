import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';
import type { HonourHolderKind, NominationStatus } from '../../db/tables/honours';
import { addWorkingDays } from '../../modules/plans/calendar';
import { factsOf } from '../../modules/honours/dossier';
import { chinaToday } from '../../shared/dates';

type Step = {
  action: string;
  from: NominationStatus | null;
  to: NominationStatus;
  by: string;
  reason?: string;
};

/**
 * 荣誉激励 demo: the outside recognitions the report names (戎耀帮办团, 小桔灯, 暖冬粥, 金戈公益's founder),
 * last year's awards and 表彰大会, and this year's nominations at every step. Idempotent: does nothing
 * once any nomination or external honour exists.
 */
export async function seedHonoursDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  const already =
    (await db.selectFrom('nominations').select('id').limit(1).executeTakeFirst()) ??
    (await db.selectFrom('externalHonours').select('id').limit(1).executeTakeFirst());
  if (already) return;
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const last = year - 1;

  const team = async (name: string) =>
    db.selectFrom('teams').select(['id', 'name', 'regionCode']).where('name', '=', name).executeTakeFirst();
  const brand = async (name: string) =>
    db.selectFrom('brands').select(['id', 'name', 'countyCode']).where('name', '=', name).executeTakeFirst();
  /** Members of a named team (leader first), as fictional demo volunteers. */
  const members = async (teamName: string, n: number, role?: 'leader') => {
    const t = await team(teamName);
    if (!t) return [];
    return db
      .selectFrom('memberships')
      .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
      .select(['volunteers.id', 'volunteers.name', 'volunteers.residenceCode', 'memberships.role'])
      .where('memberships.teamId', '=', t.id)
      .where('memberships.leftOn', 'is', null)
      .$if(!!role, (q) => q.where('memberships.role', '=', role!))
      .orderBy('volunteers.volunteerNo')
      .limit(n)
      .execute();
  };

  // 外部荣誉
  const external = async (
    holder: { kind: HonourHolderKind; id: string; name: string; regionCode: string } | undefined,
    name: string,
    level: 'county' | 'city' | 'province' | 'national',
    issuer: string,
    y: number,
    evidence: string,
  ) => {
    if (!holder) return;
    await db
      .insertInto('externalHonours')
      .values({
        id: randomUUID(),
        name,
        level,
        issuer,
        year: y,
        holderKind: holder.kind,
        holderId: holder.id,
        holderName: holder.name,
        regionCode: holder.regionCode,
        evidence,
        createdBy: null,
        createdAt: new Date().toISOString(),
      })
      .execute();
  };
  const asTeam = (t: Awaited<ReturnType<typeof team>>) =>
    t && { kind: 'team' as const, id: t.id, name: t.name, regionCode: t.regionCode };
  const rongyao = await team('戎耀帮办团');
  await external(
    asTeam(rongyao),
    '新时代“枫桥经验”典型经验（收入退役军人事务部《学习推广新时代“枫桥经验”典型经验材料汇编》）',
    'national',
    '退役军人事务部',
    last,
    '退役军人事务部《学习推广新时代“枫桥经验”典型经验材料汇编》收录“戎耀帮办团”经验材料',
  );
  await external(
    asTeam(await team('“小桔灯”退役军人志愿服务队')),
    '全国学雷锋志愿服务“四个100”最佳志愿服务组织',
    'national',
    '中央宣传部、中央文明办等',
    last,
    '全国学雷锋志愿服务“四个100”先进典型名单',
  );
  const warmPorridge = await brand('金戈公益·暖冬粥');
  if (warmPorridge)
    await external(
      { kind: 'brand', id: warmPorridge.id, name: warmPorridge.name, regionCode: warmPorridge.countyCode },
      '河北省学雷锋志愿服务“四个一百”最佳志愿服务项目',
      'province',
      '河北省文明办等',
      last,
      '河北省学雷锋志愿服务“四个一百”先进典型名单（“暖冬粥”项目）',
    );
  // This year's outside recognitions so far (the city's own awards come at the 表彰大会 in December).
  await external(
    asTeam(await team('“小桔灯”退役军人志愿服务队')),
    '邯郸市无偿献血先进集体',
    'city',
    '邯郸市卫生健康委员会、邯郸市红十字会',
    year,
    '邯郸市无偿献血表彰通报',
  );
  await external(
    asTeam(rongyao),
    '邯郸市学雷锋志愿服务先进集体',
    'city',
    '中共邯郸市委宣传部、邯郸市文明办',
    year,
    '邯郸市学雷锋志愿服务先进典型名单',
  );
  // The founder of 金戈公益: the demo team's leader stands in for him (demo people are fictional).
  const [founder] = await members('金戈公益', 1, 'leader');
  if (founder) {
    const holder = {
      kind: 'volunteer' as const,
      id: founder.id,
      name: founder.name,
      regionCode: founder.residenceCode,
    };
    await external(
      holder,
      '河北省老兵宣讲团成员',
      'province',
      '河北省退役军人事务厅',
      last,
      '省老兵宣讲团成员聘书',
    );
    await external(
      holder,
      '“大思政课”宣讲教师',
      'province',
      '河北省有关部门',
      last,
      '“大思政课”宣讲教师聘书',
    );
  }

  // Nominations, with their history, in every state.
  const regionName = async (code: string) =>
    (await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name ?? '';
  const nominate = async (o: {
    honourId: string;
    year: number;
    kind: HonourHolderKind;
    holder: { id: string; name: string; regionCode: string };
    proposer: string;
    deeds: string;
    steps: Step[];
    startedOn: string;
    notice?: { starts: string; days: number };
    roleTaken?: string;
    objection?: string;
  }) => {
    const id = randomUUID();
    const status = o.steps.at(-1)!.to;
    const facts = await factsOf(db, o.kind, o.holder.id);
    const noticeEnds = o.notice ? await addWorkingDays(db, o.notice.starts, o.notice.days) : null;
    const at = (i: number) =>
      new Date(Date.parse(`${o.startedOn}T01:30:00Z`) + i * 3 * 86_400_000).toISOString();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('nominations')
        .values({
          id,
          honourId: o.honourId,
          year: o.year,
          nomineeKind: o.kind,
          nomineeId: o.holder.id,
          nomineeName: o.holder.name,
          regionCode: o.holder.regionCode,
          proposerAccountId: 'demo-seed',
          proposerName: o.proposer,
          proposerTeamId: null,
          deeds: o.deeds,
          facts: JSON.stringify(facts),
          status,
          noticeDays: o.notice?.days ?? null,
          noticeStartsOn: o.notice?.starts ?? null,
          noticeEndsOn: noticeEnds,
          roleTaken: o.roleTaken ?? null,
          decidedOn: ['awarded', 'not_awarded', 'rejected'].includes(status)
            ? at(o.steps.length).slice(0, 10)
            : null,
          createdAt: at(0),
          updatedAt: at(o.steps.length),
        })
        .execute();
      for (const [i, s] of o.steps.entries())
        await tx
          .insertInto('nominationEvents')
          .values({
            id: randomUUID(),
            nominationId: id,
            at: at(i),
            accountId: null,
            actorName: s.by,
            action: s.action,
            fromStatus: s.from,
            toStatus: s.to,
            reason:
              s.reason ??
              (s.action === 'notice_start' && noticeEnds
                ? `公示 ${o.notice!.days} 个工作日，至 ${noticeEnds}`
                : null),
          })
          .execute();
      if (o.objection)
        await tx
          .insertInto('nominationObjections')
          .values({
            id: randomUUID(),
            nominationId: id,
            at: new Date().toISOString(),
            accountId: null,
            raisedBy: '群众来信',
            source: 'public',
            content: o.objection,
            status: 'open',
          })
          .execute();
    });
  };
  const county = async (code: string) => `${await regionName(`${code.slice(0, 6)}000000`)}退役军人事务局`;
  const CITY = '邯郸市退役军人事务局';
  const awardedCity = (proposer: string, countyName: string, startedOn: string): Step[] => [
    { action: 'propose', from: null, to: 'county_review', by: proposer },
    {
      action: 'county_approve',
      from: 'county_review',
      to: 'city_review',
      by: countyName,
      reason: '事迹属实，同意推荐',
    },
    { action: 'city_approve', from: 'city_review', to: 'notice', by: CITY, reason: '经市级评审，同意授予' },
    { action: 'notice_start', from: 'city_review', to: 'notice', by: CITY },
    {
      action: 'award',
      from: 'notice',
      to: 'awarded',
      by: CITY,
      reason: `公示期满无异议（${startedOn.slice(0, 4)}年）`,
    },
  ];

  // Last year: 先进个人 and 先进单位 (the 表彰大会's lists) and one provincial honour through 推荐上报.
  const lastStart = `${last}-10-20`;
  const people = [
    ...(await members('“戎耀大名”老兵理论宣讲志愿服务队', 2)),
    ...(await members('“情系太行”退役军人志愿服务队', 1)),
  ];
  const deedsOf = (name: string) =>
    `${name}同志退役不褪色，常年参加理论宣讲、助老助困和应急服务，带动身边退役军人投身志愿服务，群众评价高。`;
  for (const p of people) {
    const countyName = await county(p.residenceCode);
    const proposer = `${await regionName(`${p.residenceCode.slice(0, 9)}000`)}退役军人服务站`;
    await nominate({
      honourId: 'handan-xianjin-geren',
      year: last,
      kind: 'volunteer',
      holder: { id: p.id, name: p.name, regionCode: p.residenceCode },
      proposer,
      deeds: deedsOf(p.name),
      steps: awardedCity(proposer, countyName, lastStart),
      startedOn: lastStart,
      notice: { starts: `${last}-11-03`, days: 5 },
    });
  }
  for (const name of ['“情系太行”退役军人志愿服务队', '成安县退役军人“爱心车队”']) {
    const t = await team(name);
    if (!t) continue;
    const countyName = await county(t.regionCode);
    await nominate({
      honourId: 'handan-xianjin-danwei',
      year: last,
      kind: 'team',
      holder: t,
      proposer: countyName,
      deeds: `${t.name}组织有力、服务常态，全年开展志愿服务活动数十次，形成了可复制的经验做法。`,
      steps: awardedCity(countyName, countyName, lastStart)
        .filter((s) => s.action !== 'county_approve')
        .map((s) => (s.action === 'propose' ? { ...s, to: 'city_review' as const } : s)),
      startedOn: lastStart,
      notice: { starts: `${last}-11-03`, days: 5 },
    });
  }
  const [excellent] = await members('邯郸市红十字毅臻救援队', 1);
  if (excellent)
    await nominate({
      honourId: 'youxiu-tuiyijunren',
      year: last,
      kind: 'volunteer',
      holder: { id: excellent.id, name: excellent.name, regionCode: excellent.residenceCode },
      proposer: CITY,
      deeds: `${excellent.name}同志参与防汛抢险、山地搜救等救援任务二十余次，挽救群众生命财产。`,
      steps: [
        { action: 'propose', from: null, to: 'city_review', by: CITY },
        { action: 'city_approve', from: 'city_review', to: 'reported', by: CITY, reason: '同意向省推荐' },
        { action: 'report', from: 'city_review', to: 'reported', by: CITY, reason: '向省级推荐上报' },
        {
          action: 'outside_approve',
          from: 'reported',
          to: 'notice',
          by: CITY,
          reason: '省退役军人事务厅公布入选名单',
        },
        { action: 'notice_start', from: 'reported', to: 'notice', by: CITY },
        { action: 'award', from: 'notice', to: 'awarded', by: CITY, reason: '公示期满无异议' },
      ],
      startedOn: `${last}-05-10`,
      notice: { starts: `${last}-07-01`, days: 5 },
    });

  // This year: one at every step.
  const now = [...(await members('“戎耀大名”老兵理论宣讲志愿服务队', 6))].slice(2);
  const started = (daysAgo: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const P = (i: number) => now[i] && { id: now[i].id, name: now[i].name, regionCode: now[i].residenceCode };
  const daming = '大名县退役军人事务局';
  const plan: {
    i: number;
    honourId: string;
    steps: Step[];
    notice?: { starts: string; days: number };
    roleTaken?: string;
    objection?: string;
    ago: number;
  }[] = [
    {
      i: 0,
      honourId: 'handan-xianjin-geren',
      ago: 3,
      steps: [{ action: 'propose', from: null, to: 'county_review', by: '大名镇退役军人服务站' }],
    },
    {
      i: 1,
      honourId: 'zuimei-tuiyijunren',
      ago: 20,
      steps: [
        { action: 'propose', from: null, to: 'county_review', by: '大名镇退役军人服务站' },
        {
          action: 'county_approve',
          from: 'county_review',
          to: 'city_review',
          by: daming,
          reason: '事迹突出，同意推荐',
        },
      ],
    },
    {
      i: 2,
      honourId: 'handan-xianjin-geren',
      ago: 15,
      steps: [
        { action: 'propose', from: null, to: 'city_review', by: daming },
        {
          action: 'city_approve',
          from: 'city_review',
          to: 'notice',
          by: CITY,
          reason: '经市级评审，同意授予',
        },
        { action: 'notice_start', from: 'city_review', to: 'notice', by: CITY },
      ],
      notice: { starts: started(1), days: 5 },
      objection: '反映该同志部分服务时长登记重复，请核实。',
    },
    {
      i: 3,
      honourId: 'jiceng-zhili',
      ago: 30,
      steps: [
        { action: 'propose', from: null, to: 'city_review', by: daming },
        {
          action: 'city_approve',
          from: 'city_review',
          to: 'notice',
          by: CITY,
          reason: '同意推荐参加基层治理锻炼',
        },
        { action: 'notice_start', from: 'city_review', to: 'notice', by: CITY },
        { action: 'award', from: 'notice', to: 'awarded', by: CITY, reason: '担任网格员；公示期满无异议' },
      ],
      notice: { starts: started(20), days: 5 },
      roleTaken: '网格员',
    },
  ];
  for (const p of plan) {
    const holder = P(p.i);
    if (!holder) continue;
    await nominate({
      honourId: p.honourId,
      year,
      kind: 'volunteer',
      holder,
      proposer: p.steps[0]!.by,
      deeds: deedsOf(holder.name),
      steps: p.steps,
      startedOn: started(p.ago),
      notice: p.notice,
      roleTaken: p.roleTaken,
      objection: p.objection,
    });
  }
  const rejectedTeam = await team('邱县无偿献血志愿服务队');
  if (rejectedTeam)
    await nominate({
      honourId: 'hebei-sigeyibai-zuzhi',
      year,
      kind: 'team',
      holder: rejectedTeam,
      proposer: await county(rejectedTeam.regionCode),
      deeds: '队伍长期组织退役军人无偿献血，累计献血量可观。',
      steps: [
        { action: 'propose', from: null, to: 'city_review', by: await county(rejectedTeam.regionCode) },
        {
          action: 'city_reject',
          from: 'city_review',
          to: 'rejected',
          by: CITY,
          reason: '材料不完整，请补充活动记录后明年再报',
        },
      ],
      startedOn: started(25),
    });
  if (rongyao)
    await nominate({
      honourId: 'sige100-zuijia-zuzhi',
      year,
      kind: 'team',
      holder: rongyao,
      proposer: await county(rongyao.regionCode),
      deeds: '戎耀帮办团发动退役军人参与基层社会治理，帮办代办群众急难愁盼事项，经验被部里收录推广。',
      steps: [
        { action: 'propose', from: null, to: 'city_review', by: await county(rongyao.regionCode) },
        { action: 'city_approve', from: 'city_review', to: 'reported', by: CITY, reason: '同意推荐上报' },
        { action: 'report', from: 'city_review', to: 'reported', by: CITY, reason: '向国家级推荐上报' },
      ],
      startedOn: started(40),
    });

  await db
    .insertInto('commendations')
    .values({
      year: last,
      title: `${last}年度邯郸市退役军人志愿服务表彰大会`,
      heldOn: `${last}-12-05`,
      place: '邯郸市退役军人服务中心报告厅',
      notes: '国际志愿者日当天召开；各县(市、区)退役军人事务局组织受表彰代表参会。',
      updatedBy: null,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    })
    .execute();
  log(`已生成荣誉激励演示数据（${last}年度表彰大会、外部荣誉、${year}年度推荐）`);
}
