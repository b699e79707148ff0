import { chinaToday } from '../../shared/dates';
import type { Database } from '../../db/database';

/**
 * 报表中心 demo: the city's work report for the current year with the narrative of the bureau's own
 * report (邯郸市退役军人志愿服务工作情况), so that downloading it shows real wording around live numbers.
 * The dashboard itself needs no demo rows: its counters follow whatever the other demo data writes.
 */
export async function seedStatisticsDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  const city = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('level', '=', 'city')
    .orderBy('code')
    .executeTakeFirst();
  if (!city) return;
  const year = chinaToday().slice(0, 4);
  const period = `${year}-01-01~${year}-12-31`;
  const existing = await db
    .selectFrom('statReportTexts')
    .select('period')
    .where('regionCode', '=', city.code)
    .where('period', '=', period)
    .executeTakeFirst();
  if (existing) return;
  const sections = {
    opening: `近年来，${city.name}退役军人事务系统深入学习党的二十大和二十届三中全会精神，认真贯彻落实习近平总书记关于退役军人工作重要指示精神，按照国家、省、市关于志愿服务工作的安排部署，通过抓队伍组建、抓规范管理、抓品牌创建等措施，收到了退役军人“服务奉献社会、展示自身形象、赢得尊重尊崇”的良好效果。`,
    teamBuilding:
      '按照“兵支书”所在村先行组建的工作要求，市、县、乡(镇、街道办)、村(社区)依托各级服务中心(站)组建队伍；依托军休干部集中优势，直属单位先行组建；社会组织组建队伍；对退役军人发起、以退役军人为骨干或专为退役军人服务的各类志愿服务队伍统一登记，统筹指导，协调联动。',
    management:
      '以“组织推动、广泛宣传、营造氛围、荣誉激励”为重要抓手，市、县两级成立以主要领导为组长的领导小组，注重集中统一活动和各服务队日常自主活动相结合，在重要时间节点上策划主题活动，做到年有计划、月有安排；通过《永不褪色》栏目、“志愿者风采海报”和微信公众号宣传先进典型；建立以精神奖励为主的褒奖激励机制，完善志愿服务记录制度。',
    brands:
      '指导各地结合退役军人优势特长，确定本地特色鲜明的志愿服务项目，努力构建“一村(社区)一队伍、一县(区)一品牌、一个品牌一个亮点”的志愿服务工作格局，打造邯郸市退役军人志愿服务品牌。',
    closing: `${city.name}退役军人事务局把退役军人志愿服务工作摆在重要位置，系统谋划、稳步推进，全方位、多渠道组建退役军人志愿服务队伍，培育了一批特色鲜明、成效显著的志愿服务项目，推动退役军人志愿服务工作走深走实。`,
  };
  await db
    .insertInto('statReportTexts')
    .values({
      regionCode: city.code,
      period,
      sections: JSON.stringify(sections),
      updatedAt: new Date().toISOString(),
      updatedBy: null,
    })
    .execute();
  log(`报表中心：已写入${city.name}${year}年工作情况报告文字`);
}
