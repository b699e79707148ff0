import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';
import { keyDates } from '../../modules/plans/calendar';

const HANDAN = '130400000000';
const DAMING = '130425000000';
const GUANTAO = '130433000000';
const CHENG_AN = '130424000000';

/**
 * 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）: 放假 dates and 调休上班 weekends, as the
 * city enters them into the working-day table.
 */
const holidays2026: { dates: string[]; isWorkday: boolean; note: string }[] = [
  { dates: ['2026-01-01', '2026-01-02', '2026-01-03'], isWorkday: false, note: '元旦' },
  { dates: ['2026-01-04'], isWorkday: true, note: '元旦调休上班' },
  {
    dates: [
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ],
    isWorkday: false,
    note: '春节',
  },
  { dates: ['2026-02-14', '2026-02-28'], isWorkday: true, note: '春节调休上班' },
  { dates: ['2026-04-04', '2026-04-05', '2026-04-06'], isWorkday: false, note: '清明节' },
  {
    dates: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
    isWorkday: false,
    note: '劳动节',
  },
  { dates: ['2026-05-09'], isWorkday: true, note: '劳动节调休上班' },
  { dates: ['2026-06-19', '2026-06-20', '2026-06-21'], isWorkday: false, note: '端午节' },
  { dates: ['2026-09-25', '2026-09-26', '2026-09-27'], isWorkday: false, note: '中秋节' },
  {
    dates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
    isWorkday: false,
    note: '国庆节',
  },
  { dates: ['2026-09-20', '2026-10-10'], isWorkday: true, note: '国庆节调休上班' },
];

/** 主题活动模板 of the city, each attached to a key date. */
const templates = [
  {
    title: '“学雷锋·老兵在行动”集中志愿服务',
    theme: '学雷锋志愿服务集中行动',
    content:
      '以县（市、区）为单位集中开展：义诊义剪、家电维修、政策咨询进社区；组织老党员老兵讲雷锋故事；活动结束后统一报送图片和服务人次。',
    keyDateName: '学雷锋纪念日',
    field: '文明生活',
  },
  {
    title: '“八一”走访慰问困难老兵',
    theme: '庆八一、慰问老兵',
    content:
      '各服务站组织志愿者入户走访困难退役军人、烈属和伤残军人，送上慰问品；同步开展“光荣之家”牌匾检查和政策宣讲。',
    keyDateName: '八一建军节',
    field: '慰问困难老兵',
  },
  {
    title: '重阳敬老助老志愿服务',
    theme: '敬老助老',
    content: '为辖区高龄老兵、空巢老人提供理发、打扫卫生、健康检查和陪伴聊天服务；组织“老兵餐厅”提供敬老餐。',
    keyDateName: '重阳节',
    field: '助老助困',
  },
  {
    title: '清明祭英烈、缅怀先烈',
    theme: '缅怀英烈',
    content: '组织志愿者到晋冀鲁豫烈士陵园等地开展祭扫、讲解和秩序维护，引导群众文明祭扫。',
    keyDateName: '清明节',
    field: '红色宣讲',
  },
];

interface DemoPlan {
  regionCode: string;
  title: string;
  goals: string;
  items: { keyDate?: string; month?: number; title: string; theme: string; done?: boolean }[];
}

/**
 * 年有计划、月有安排 for the demo: the 2026 holiday table, a local 中考 date, the city's templates, this
 * year's city plan and a few county plans whose monthly arrangements follow the key dates. Idempotent.
 */
export async function seedPlansDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  const year = new Date().getUTCFullYear();
  const now = new Date().toISOString();

  // 法定节假日与调休 (2026).
  let days = 0;
  for (const group of holidays2026) {
    for (const date of group.dates) {
      const res = await db
        .insertInto('workingDays')
        .values({ date, isWorkday: group.isWorkday ? 1 : 0, note: group.note })
        .onConflict((oc) => oc.column('date').doNothing())
        .executeTakeFirst();
      days += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  }

  // 中考 (entered by the city; Hebei's is in mid-June).
  for (const y of [...new Set([2026, year])]) {
    const date = `${y}-06-18`;
    const exists = await db
      .selectFrom('localKeyDates')
      .select('id')
      .where('date', '=', date)
      .where('name', '=', '中考')
      .executeTakeFirst();
    if (!exists)
      await db
        .insertInto('localKeyDates')
        .values({ id: randomUUID(), date, name: '中考', themeTemplate: '爱心送考、护航中考' })
        .execute();
  }

  // 主题活动模板.
  const fields = new Map(
    (await db.selectFrom('serviceFields').select(['id', 'name']).execute()).map((f) => [f.name, f.id]),
  );
  let newTemplates = 0;
  for (const tpl of templates) {
    const exists = await db
      .selectFrom('activityTemplates')
      .select('id')
      .where('title', '=', tpl.title)
      .executeTakeFirst();
    if (exists) continue;
    await db
      .insertInto('activityTemplates')
      .values({
        id: randomUUID(),
        title: tpl.title,
        theme: tpl.theme,
        content: tpl.content,
        serviceFieldId: fields.get(tpl.field) ?? null,
        keyDateName: tpl.keyDateName,
        regionCode: HANDAN,
        createdBy: null,
        createdAt: now,
      })
      .execute();
    newTemplates++;
  }

  // This year's plans, arrangements on the computed key dates.
  const dates = new Map((await keyDates(db, year)).map((d) => [d.name, d.date]));
  const on = (name: string) => dates.get(name);
  const plans: DemoPlan[] = [
    {
      regionCode: HANDAN,
      title: `邯郸市${year}年度退役军人志愿服务工作计划`,
      goals:
        '一、全市退役军人志愿服务队伍实现县、乡、村三级全覆盖；\n二、围绕重要时间节点开展集中统一活动不少于6次，各队伍每月至少开展一次日常自主活动；\n三、完善志愿服务记录制度，做到记录真实、准确、完整；\n四、每县培育一个特色品牌，年底评选表彰优秀志愿服务队和志愿者。',
      items: [
        { keyDate: on('春节'), title: '新春走访慰问困难老兵', theme: '新春走访慰问', done: true },
        {
          keyDate: on('学雷锋纪念日'),
          title: '“学雷锋·老兵在行动”全市集中志愿服务',
          theme: '学雷锋',
          done: true,
        },
        { keyDate: on('清明节'), title: '清明祭英烈志愿服务', theme: '缅怀英烈', done: true },
        { keyDate: on('高考'), title: '爱心送考', theme: '爱心送考', done: true },
        { keyDate: on('八一建军节'), title: '“八一”走访慰问与文艺汇演', theme: '庆八一', done: true },
        { keyDate: on('烈士纪念日'), title: '烈士纪念日敬献花篮', theme: '缅怀英烈', done: true },
        { keyDate: on('国庆节'), title: '老兵护卫国旗、升旗仪式', theme: '护卫国旗', done: true },
        { keyDate: on('重阳节'), title: '重阳敬老助老志愿服务', theme: '敬老助老', done: true },
        { keyDate: on('国际志愿者日'), title: '年度优秀志愿者表彰与服务展示', theme: '志愿服务展示' },
      ],
    },
    {
      regionCode: DAMING,
      title: `大名县${year}年度退役军人志愿服务计划`,
      goals: '“戎耀大名”理论宣讲每月进村（社区）不少于2场；重要节点活动全县各乡镇同步开展。',
      items: [
        { keyDate: on('学雷锋纪念日'), title: '学雷锋义诊义剪进社区', theme: '学雷锋', done: true },
        { month: 5, title: '“五四”青年节老兵讲党史进校园', theme: '红色宣讲', done: true },
        { keyDate: on('八一建军节'), title: '“戎耀大名”老兵宣讲专场', theme: '庆八一', done: true },
        { keyDate: on('重阳节'), title: '重阳敬老志愿服务', theme: '敬老助老', done: true },
        { month: 12, title: '年度志愿服务记录核对与时长确认', theme: '记录管理' },
      ],
    },
    {
      regionCode: GUANTAO,
      title: `馆陶县${year}年度退役军人志愿服务计划`,
      goals: '依托各乡镇退役军人服务站，重点开展助老助困和应急救援志愿服务。',
      items: [
        { keyDate: on('清明节'), title: '清明文明祭扫秩序维护', theme: '缅怀英烈', done: true },
        { month: 7, title: '汛期应急救援演练', theme: '应急救援', done: true },
        { keyDate: on('国庆节'), title: '国庆升旗仪式', theme: '护卫国旗', done: true },
      ],
    },
    {
      regionCode: CHENG_AN,
      title: `成安县${year}年度退役军人志愿服务计划`,
      goals: '“爱心车队”全年保障爱心送考、就医接送，重要节点集中出车。',
      items: [
        { keyDate: on('高考'), title: '“爱心车队”爱心送考', theme: '爱心送考', done: true },
        { month: 9, title: '开学季护学岗', theme: '交通疏导', done: true },
      ],
    },
  ];
  const known = new Set(
    (
      await db
        .selectFrom('regions')
        .select('code')
        .where(
          'code',
          'in',
          plans.map((p) => p.regionCode),
        )
        .execute()
    ).map((r) => r.code),
  );
  let newPlans = 0;
  for (const plan of plans) {
    if (!known.has(plan.regionCode)) continue;
    const exists = await db
      .selectFrom('plans')
      .select('id')
      .where('regionCode', '=', plan.regionCode)
      .where('year', '=', year)
      .where('title', '=', plan.title)
      .executeTakeFirst();
    if (exists) continue;
    const id = randomUUID();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('plans')
        .values({
          id,
          regionCode: plan.regionCode,
          teamId: null,
          year,
          title: plan.title,
          goals: plan.goals,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await tx
        .insertInto('planItems')
        .values(
          plan.items.map((item) => ({
            id: randomUUID(),
            planId: id,
            month: item.keyDate ? Number(item.keyDate.slice(5, 7)) : item.month!,
            title: item.title,
            theme: item.theme,
            keyDate: item.keyDate ?? null,
            done: item.done ? 1 : 0,
          })),
        )
        .execute();
    });
    newPlans++;
  }

  // Two demo teams keep their own plans, so the compliance view shows both kinds of team.
  const teamPlans = [
    { name: '“戎耀大名”老兵理论宣讲志愿服务队', items: [3, 5, 8, 10, 11] },
    { name: '成安县退役军人“爱心车队”', items: [6, 9, 11] },
  ];
  for (const tp of teamPlans) {
    const team = await db
      .selectFrom('teams')
      .select(['id', 'regionCode'])
      .where('name', '=', tp.name)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (!team) continue;
    const exists = await db
      .selectFrom('plans')
      .select('id')
      .where('teamId', '=', team.id)
      .where('year', '=', year)
      .executeTakeFirst();
    if (exists) continue;
    const id = randomUUID();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('plans')
        .values({
          id,
          regionCode: team.regionCode,
          teamId: team.id,
          year,
          title: `${tp.name}${year}年度服务计划`,
          goals: '每月至少开展一次志愿服务活动，按时填报服务记录。',
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await tx
        .insertInto('planItems')
        .values(
          tp.items.map((month) => ({
            id: randomUUID(),
            planId: id,
            month,
            title: `${month}月例行志愿服务`,
            theme: '日常自主活动',
            keyDate: null,
            done: month < new Date().getUTCMonth() + 1 ? 1 : 0,
          })),
        )
        .execute();
    });
    newPlans++;
  }

  log(`计划安排：新增年度计划 ${newPlans} 份、主题活动模板 ${newTemplates} 个、节假日与调休 ${days} 天`);
}
