import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';
import type { LeadershipRole, WorkTaskStatus } from '../../db/tables/leadership';
import { chinaToday } from '../../shared/dates';

const HANDAN = '130400000000';

/** Fictional members: names are invented; posts as a bureau would list them. */
const cityMembers: { name: string; post: string; role: LeadershipRole }[] = [
  { name: '王建国', post: '市退役军人事务局局长', role: 'leader' },
  { name: '李卫东', post: '市退役军人事务局副局长', role: 'deputy' },
  { name: '赵红梅', post: '市文明办副主任', role: 'deputy' },
  { name: '孙志刚', post: '市退役军人事务局思想政治和权益维护科科长', role: 'member' },
  { name: '周丽华', post: '市退役军人服务中心主任', role: 'member' },
  { name: '吴海涛', post: '市退役军人事务局拥军优抚科科长', role: 'member' },
];

const countyGroups: { code: string; members: { name: string; post: string; role: LeadershipRole }[] }[] = [
  {
    code: '130424000000',
    members: [
      { name: '刘振华', post: '县退役军人事务局局长', role: 'leader' },
      { name: '张晓明', post: '县退役军人事务局副局长', role: 'deputy' },
      { name: '陈玉兰', post: '县退役军人服务中心主任', role: 'member' },
      { name: '杨光辉', post: '县退役军人事务局综合科科长', role: 'member' },
    ],
  },
  {
    code: '130433000000',
    members: [
      { name: '马永强', post: '县退役军人事务局局长', role: 'leader' },
      { name: '郭静', post: '县退役军人事务局副局长', role: 'deputy' },
      { name: '何建军', post: '县退役军人服务中心副主任', role: 'member' },
    ],
  },
  {
    code: '130481000000',
    members: [
      { name: '高志远', post: '市退役军人事务局局长', role: 'leader' },
      { name: '田秀英', post: '市退役军人事务局副局长', role: 'deputy' },
      { name: '冯德胜', post: '市退役军人服务中心主任', role: 'member' },
    ],
  },
];

const cityDuties =
  '统筹全市退役军人志愿服务工作，研究制定年度工作要点，协调解决重大问题；' +
  '召开年度工作会议安排部署任务，督导各县(市、区)落实，组织年度表彰。';
const countyDuties =
  '落实市领导小组部署，统筹本县(市、区)退役军人志愿服务队伍建设、活动开展和品牌创建，按时报送工作进展。';

/** This year's tasks, assigned to every county; `done`/`progress` say how far the demo has them. */
const tasks: { title: string; measure: string; content: string; due: (year: number) => string }[] = [
  {
    title: '完成退役军人志愿服务队伍统一登记',
    measure: '健全组织体系',
    content: '对本县(市、区)所有退役军人志愿服务队伍完成统一登记、统一管理，做到底数清、情况明。',
    due: (y) => `${y}-03-31`,
  },
  {
    title: '打造一个县级特色志愿服务品牌',
    measure: '抓好特色品牌创建',
    content: '围绕一县一品牌、一个品牌一个亮点，培育并申报至少一个县级特色品牌。',
    due: (y) => `${y}-06-30`,
  },
  {
    title: '“八一”前后集中开展志愿服务活动',
    measure: '常态化开展志愿服务',
    content: '以“八一”建军节为节点开展集中统一活动，活动记录及时录入平台。',
    due: (y) => `${y}-08-15`,
  },
  {
    title: '报送年度典型案例和表彰推荐人选',
    measure: '荣誉激励',
    content: '年底前报送至少一个典型案例，并推荐年度先进单位、先进个人人选。',
    due: (y) => `${y}-12-20`,
  },
];

/** Typical cases written up from the demo brands' highlights. */
const cases: {
  brand: string;
  title: string;
  field: string;
  background: string;
  actions: string;
  results: string;
}[] = [
  {
    brand: '戎耀帮办团',
    title: '戎耀帮办团：退役军人参与基层社会治理的复兴实践',
    field: '基层社会治理',
    background: '城市社区矛盾纠纷多元、群众诉求分散，退役军人作风过硬、群众基础好，是基层治理的重要力量。',
    actions:
      '组建以退役军人为骨干的帮办团，进网格、入楼栋，开展矛盾调解、政策帮办和治安巡逻；' +
      '建立“接单—办理—回访”闭环，重要节点集中服务。',
    results: '群众安全感、满意度、幸福感不断上升，经验收入退役军人事务部新时代“枫桥经验”典型经验材料汇编。',
  },
  {
    brand: '小桔灯',
    title: '小桔灯：无偿献血守护生命线',
    field: '无偿献血',
    background: '冬奥会和冬残奥会期间血液保障任务重，临床用血季节性紧张。',
    actions: '组织退役军人成批次献血，建立应急献血队伍名册，联合血站开展献血知识宣传。',
    results: '圆满完成保障任务，入选全国学雷锋志愿服务“四个100”最佳志愿服务组织。',
  },
  {
    brand: '金戈公益·暖冬粥',
    title: '暖冬粥：一碗热粥温暖一座城',
    field: '助老助困',
    background: '冬季清晨环卫工人、困难群众缺少热食，社会爱心力量分散。',
    actions: '每年入冬起在固定点位免费施粥，吸纳退役军人和社会志愿者轮流值守，公开接受捐赠。',
    results: '吸纳1500余名志愿者，“暖冬粥”项目被评为河北省学雷锋志愿服务“四个一百”最佳志愿服务项目。',
  },
];

/**
 * Demo leadership groups (the city's and three counties'), this year's work meeting with tasks to every
 * county (some done, some in progress, some overdue), and typical cases from the demo brands. Idempotent:
 * does nothing once the city's group exists.
 */
export async function seedLeadershipDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  if (
    await db.selectFrom('leadershipGroups').select('id').where('regionCode', '=', HANDAN).executeTakeFirst()
  )
    return;
  const city = await db.selectFrom('regions').select('code').where('code', '=', HANDAN).executeTakeFirst();
  if (!city) return;
  const now = new Date().toISOString();
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const counties = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('level', '=', 'county')
    .where('parentCode', '=', HANDAN)
    .orderBy('code')
    .execute();
  const fields = new Map(
    (await db.selectFrom('serviceFields').select(['id', 'name']).execute()).map((f) => [f.name, f.id]),
  );

  await db.transaction().execute(async (tx) => {
    // 领导小组: the city's, with one former member to show the history.
    const addGroup = async (
      regionCode: string,
      name: string,
      duties: string,
      members: { name: string; post: string; role: LeadershipRole }[],
    ) => {
      const groupId = randomUUID();
      await tx
        .insertInto('leadershipGroups')
        .values({ id: groupId, regionCode, name, duties, createdAt: now, updatedAt: now })
        .execute();
      await tx
        .insertInto('leadershipMembers')
        .values(
          members.map((m) => ({
            id: randomUUID(),
            groupId,
            ...m,
            fromDate: `${year - 1}-03-01`,
            toDate: null,
            createdAt: now,
          })),
        )
        .execute();
      return groupId;
    };
    const cityGroup = await addGroup(HANDAN, '邯郸市退役军人志愿服务工作领导小组', cityDuties, cityMembers);
    await tx
      .insertInto('leadershipMembers')
      .values({
        id: randomUUID(),
        groupId: cityGroup,
        name: '郑国庆',
        post: '市退役军人事务局副局长',
        role: 'deputy',
        fromDate: `${year - 2}-03-01`,
        toDate: `${year - 1}-12-31`,
        createdAt: now,
      })
      .execute();
    for (const g of countyGroups) {
      const county = counties.find((c) => c.code === g.code);
      if (county)
        await addGroup(g.code, `${county.name}退役军人志愿服务工作领导小组`, countyDuties, g.members);
    }

    // 年度工作会议 and its tasks to every county.
    if (!counties.length) return;
    const meetingId = randomUUID();
    await tx
      .insertInto('workMeetings')
      .values({
        id: meetingId,
        regionCode: HANDAN,
        year,
        heldOn: `${year}-02-26`,
        title: `${year}年全市退役军人志愿服务工作会议`,
        createdBy: null,
        createdAt: now,
      })
      .execute();
    for (const [ti, t] of tasks.entries()) {
      const taskId = randomUUID();
      const due = t.due(year);
      await tx
        .insertInto('workTasks')
        .values({
          id: taskId,
          meetingId,
          title: t.title,
          content: t.content,
          measure: t.measure,
          dueDate: due,
          createdAt: now,
        })
        .execute();
      for (const [ci, c] of counties.entries()) {
        // Deterministic spread: earlier tasks mostly done, a few counties behind.
        const n = (ci * 7 + ti * 3) % 10;
        const pastDue = due < today;
        let status: WorkTaskStatus = 'not_started';
        if (pastDue) status = n < 7 ? 'done' : n < 9 ? 'in_progress' : 'not_started';
        else if (ti < 3) status = n < 3 ? 'done' : n < 7 ? 'in_progress' : 'not_started';
        const assignmentId = randomUUID();
        await tx
          .insertInto('workTaskAssignments')
          .values({
            id: assignmentId,
            taskId,
            countyCode: c.code,
            status,
            completedOn: status === 'done' ? (pastDue ? due : today) : null,
            updatedAt: now,
          })
          .execute();
        if (status === 'not_started') continue;
        await tx
          .insertInto('workTaskReports')
          .values({
            id: randomUUID(),
            assignmentId,
            status: 'in_progress',
            evidence: `${c.name}已召开专题会议部署“${t.title}”，明确责任股室和时间节点。`,
            links: '[]',
            reportedBy: null,
            reporterName: `${c.name}退役军人事务局`,
            createdAt: now,
          })
          .execute();
        if (status === 'done')
          await tx
            .insertInto('workTaskReports')
            .values({
              id: randomUUID(),
              assignmentId,
              status: 'done',
              evidence: `${c.name}已完成“${t.title}”，相关台账和照片已归档备查。`,
              links: '[]',
              reportedBy: null,
              reporterName: `${c.name}退役军人事务局`,
              createdAt: now,
            })
            .execute();
      }
    }

    // 典型案例 from the demo brands' highlights.
    for (const c of cases) {
      const hl = await tx
        .selectFrom('brandHighlights')
        .innerJoin('brands', 'brands.id', 'brandHighlights.brandId')
        .select(['brandHighlights.id', 'brands.id as brandId', 'brands.countyCode'])
        .where('brands.name', '=', c.brand)
        .executeTakeFirst();
      if (!hl) continue;
      await tx
        .insertInto('typicalCases')
        .values({
          id: randomUUID(),
          brandId: hl.brandId,
          highlightId: hl.id,
          regionCode: hl.countyCode,
          fieldId: fields.get(c.field) ?? null,
          title: c.title,
          background: c.background,
          actions: c.actions,
          results: c.results,
          status: 'published',
          publishedAt: now,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
  });
  log(`已生成领导小组、${year}年工作会议任务（${counties.length} 个县(市、区)）和典型案例（演示数据）`);
}
