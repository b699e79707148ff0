import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { outputLabels, type OutputKind } from '../../shared/activities';
import { chinaDate, chinaDayBounds, chinaMonthBounds, chinaToday } from '../../shared/dates';
import { hoursOf } from '../../shared/hours';
import { levelOfCode, levelPrefixLength, regionPrefix } from '../../shared/regions';
import { countedActivityStatuses, outputsOf } from '../activities/outputs';
import { teamCategoryLabels } from '../../shared/registry';
import { AuditRepo } from '../audit/audit.repo';
import { listRegionHonours } from '../honours/honours.read';
import type { Actor, AuditContext } from '../identity/actor';
import { subtreeBounds } from '../identity/scope';
import type { PeriodQuery, ReportTexts, WorkReport } from './statistics.schemas';
import { reportTextsSchema } from './statistics.schemas';
import { StatisticsService, type ResolvedRegion } from './statistics.service';
import type { Sheet } from './workbook';

const num = (v: unknown) => Number(v ?? 0);
export { hoursOf };
const COUNTED = countedActivityStatuses;

/** Starting text, in the shape of the bureau's own report; staff replace it with theirs. */
export function defaultTexts(regionName: string): ReportTexts {
  return {
    opening: `${regionName}退役军人事务系统按照国家、省、市关于志愿服务工作的安排部署，通过抓队伍组建、抓规范管理、抓品牌创建等措施，推动退役军人“服务奉献社会、展示自身形象、赢得尊重尊崇”。`,
    teamBuilding:
      '按照“兵支书”所在村先行组建的工作要求，依托各级服务中心(站)、直属单位、社会组织组建队伍，整合社会资源力量，对退役军人发起、以退役军人为骨干或专为退役军人服务的各类志愿服务队伍统一登记、统筹指导。',
    management:
      '以“组织推动、广泛宣传、营造氛围、荣誉激励”为重要抓手，注重集中统一活动和各服务队日常自主活动相结合，完善志愿服务记录制度，做到年有计划、月有安排。',
    brands:
      '结合退役军人优势特长，确定特色鲜明的志愿服务项目，努力构建“一村(社区)一队伍、一县(区)一品牌、一个品牌一个亮点”的志愿服务工作格局。',
    closing: '下一步，将继续系统谋划、稳步推进，推动退役军人志愿服务工作走深走实。',
  };
}

/** The last day of a month, YYYY-MM-DD. */
const lastDayOf = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/**
 * The whole months a period covers ([first, last] as YYYY-MM), when it starts on a first and ends on a
 * last day of a month; the counters (stat_area_month, stat_team_month) answer those without the records.
 */
function wholeMonths(from: string, to: string): { first: string; last: string } | null {
  if (!from.endsWith('-01') || lastDayOf(to.slice(0, 7)) !== to) return null;
  return { first: from.slice(0, 7), last: to.slice(0, 7) };
}

/**
 * 工作情况报告, the monthly activity report and the annual table per county. The numbers come from
 * `reader` (the read replica when there is one); the report's own texts are saved to and read back from
 * the primary `db`, so a saved text shows at once.
 */
export class ReportsService {
  private readonly stats: StatisticsService;
  constructor(
    private readonly primary: Kysely<DB>,
    private readonly db: Kysely<DB> = primary,
  ) {
    this.stats = new StatisticsService(db);
  }

  private checkPeriod(q: PeriodQuery) {
    if (q.from > q.to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', { field: 'from' });
    if (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4)) > 5)
      throw new AppError('VALIDATION_FAILED', '报告期间不能超过五年', { field: 'to' });
  }

  async workReport(actor: Actor, q: PeriodQuery): Promise<WorkReport> {
    this.checkPeriod(q);
    const region = await this.stats.resolveRegion(actor, q.regionCode);
    const saved = await this.primary
      .selectFrom('statReportTexts')
      .selectAll()
      .where('regionCode', '=', region.code)
      .where('period', '=', `${q.from}~${q.to}`)
      .executeTakeFirst();
    const texts = saved
      ? { ...defaultTexts(region.name), ...reportTextsSchema.partial().parse(JSON.parse(saved.sections)) }
      : defaultTexts(region.name);
    return {
      region: { code: region.code, name: region.name, level: region.level },
      from: q.from,
      to: q.to,
      texts,
      savedAt: saved?.updatedAt ?? null,
      numbers: await this.numbers(region, q.from, q.to),
    };
  }

  async saveTexts(actor: Actor, q: PeriodQuery, texts: ReportTexts, context: AuditContext) {
    this.checkPeriod(q);
    const region = await this.stats.resolveRegion(actor, q.regionCode);
    const period = `${q.from}~${q.to}`;
    const now = new Date().toISOString();
    await this.primary.transaction().execute(async (tx) => {
      await tx
        .insertInto('statReportTexts')
        .values({
          regionCode: region.code,
          period,
          sections: JSON.stringify(texts),
          updatedAt: now,
          updatedBy: actor.accountId,
        })
        .onConflict((oc) =>
          oc.columns(['regionCode', 'period']).doUpdateSet({
            sections: JSON.stringify(texts),
            updatedAt: now,
            updatedBy: actor.accountId,
          }),
        )
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'statistics.report_text_save',
        result: 'success',
        targetType: 'work_report',
        targetId: period,
        regionCode: region.code,
      });
    });
    return this.workReport(actor, q);
  }

  /** The numbers of a work report, all from the database, for the region's subtree and the period. */
  async numbers(region: ResolvedRegion, from: string, to: string): Promise<WorkReport['numbers']> {
    const db = this.db;
    const { lo, hi } = subtreeBounds(region.code);
    const startsFrom = chinaDayBounds(from).from;
    const startsBefore = chinaDayBounds(to).to;
    const prefix = regionPrefix(region.code);
    const months = wholeMonths(from, to);
    const countyCode =
      levelOfCode(region.code) === 'township' || levelOfCode(region.code) === 'village'
        ? region.code.slice(0, 6).padEnd(12, '0')
        : region.code;
    const brandBounds = subtreeBounds(countyCode);
    const activitiesInPeriod = db
      .selectFrom('activities')
      .where('activities.regionCode', '>=', lo)
      .where('activities.regionCode', '<=', hi)
      .where('activities.status', 'in', [...COUNTED])
      .where('activities.startsAt', '>=', startsFrom)
      .where('activities.startsAt', '<', startsBefore);

    const [categories, volunteers, records, outputs, brands, brandTeams, top, examples, honours] =
      await Promise.all([
        db
          .selectFrom('teams')
          .select(['category', (eb) => eb.fn.countAll<number>().as('n')])
          .where('regionCode', '>=', lo)
          .where('regionCode', '<=', hi)
          .where('status', '=', 'approved')
          .groupBy('category')
          .execute(),
        db
          .selectFrom('volunteers')
          .select([(eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(is_veteran)`.as('veterans')])
          .where('residenceCode', '>=', lo)
          .where('residenceCode', '<=', hi)
          .executeTakeFirst(),
        months
          ? db
              .selectFrom('statAreaMonth')
              .select([
                sql<number>`coalesce(sum(minutes), 0)`.as('minutes'),
                sql<number>`coalesce(sum(records), 0)`.as('n'),
              ])
              .where('len', '=', prefix.length)
              .where('area', '=', prefix)
              .where('month', '>=', months.first)
              .where('month', '<=', months.last)
              .executeTakeFirst()
          : db
              .selectFrom('serviceRecords')
              .innerJoin('teams', 'teams.id', 'serviceRecords.teamId')
              .select([
                sql<number>`coalesce(sum(service_records.minutes), 0)`.as('minutes'),
                (eb) => eb.fn.countAll<number>().as('n'),
              ])
              .where('teams.regionCode', '>=', lo)
              .where('teams.regionCode', '<=', hi)
              .where('serviceRecords.status', '=', 'confirmed')
              .where('serviceRecords.serviceDate', '>=', from)
              .where('serviceRecords.serviceDate', '<=', to)
              .executeTakeFirst(),
        outputsOf(db, { regionCode: region.code, from: startsFrom, to: startsBefore }),
        db
          .selectFrom('brands')
          .innerJoin('regions', 'regions.code', 'brands.countyCode')
          .select(['brands.id', 'brands.name', 'regions.name as countyName'])
          .where('brands.countyCode', '>=', brandBounds.lo)
          .where('brands.countyCode', '<=', brandBounds.hi)
          .orderBy('brands.countyCode')
          .orderBy('brands.name')
          .execute(),
        db
          .selectFrom('brandTeams')
          .innerJoin('teams', 'teams.id', 'brandTeams.teamId')
          .innerJoin('brands', 'brands.id', 'brandTeams.brandId')
          .select(['brandTeams.brandId', 'teams.name'])
          .where('brands.countyCode', '>=', brandBounds.lo)
          .where('brands.countyCode', '<=', brandBounds.hi)
          .orderBy('teams.name')
          .execute(),
        months
          ? db
              .selectFrom('statTeamMonth')
              .innerJoin('teams', 'teams.id', 'statTeamMonth.teamId')
              .select(['teams.id', 'teams.name', sql<number>`sum(stat_team_month.minutes)`.as('minutes')])
              .where('statTeamMonth.regionCode', '>=', lo)
              .where('statTeamMonth.regionCode', '<=', hi)
              .where('statTeamMonth.month', '>=', months.first)
              .where('statTeamMonth.month', '<=', months.last)
              .groupBy(['teams.id', 'teams.name'])
              .having(sql`sum(stat_team_month.minutes)`, '>', 0)
              .orderBy(sql`sum(stat_team_month.minutes)`, 'desc')
              .orderBy('teams.name')
              .limit(5)
              .execute()
          : db
              .selectFrom('serviceRecords')
              .innerJoin('teams', 'teams.id', 'serviceRecords.teamId')
              .select(['teams.id', 'teams.name', sql<number>`sum(service_records.minutes)`.as('minutes')])
              .where('teams.regionCode', '>=', lo)
              .where('teams.regionCode', '<=', hi)
              .where('serviceRecords.status', '=', 'confirmed')
              .where('serviceRecords.serviceDate', '>=', from)
              .where('serviceRecords.serviceDate', '<=', to)
              .groupBy(['teams.id', 'teams.name'])
              .orderBy(sql`sum(service_records.minutes)`, 'desc')
              .orderBy('teams.name')
              .limit(5)
              .execute(),
        activitiesInPeriod
          .innerJoin('teams', 'teams.id', 'activities.teamId')
          .select([
            'activities.title',
            'activities.place',
            'activities.startsAt',
            'teams.name as teamName',
            (eb) =>
              eb
                .selectFrom('activityOutputs')
                .select(sql<number>`count(*)`.as('c'))
                .whereRef('activityOutputs.activityId', '=', 'activities.id')
                .as('outputs'),
          ])
          .where('activities.status', '=', 'completed')
          .orderBy('outputs', 'desc')
          .orderBy('activities.startsAt', 'desc')
          .limit(6)
          .execute(),
        this.honours(lo, hi, Number(from.slice(0, 4)), Number(to.slice(0, 4))),
      ]);
    const byCat = new Map(categories.map((c) => [c.category, num(c.n)]));
    return {
      teams: categories.reduce((s, c) => s + num(c.n), 0),
      teamsByCategory: (Object.keys(teamCategoryLabels) as (keyof typeof teamCategoryLabels)[]).map((c) => ({
        label: teamCategoryLabels[c],
        teams: byCat.get(c) ?? 0,
      })),
      volunteers: num(volunteers?.n),
      veterans: num(volunteers?.veterans),
      minutes: num(records?.minutes),
      records: num(records?.n),
      activities: outputs.activities,
      outputs: outputs.totals.map((o) => ({ kind: o.kind, quantity: o.quantity })),
      brands: brands.map((b) => ({
        name: b.name,
        countyName: b.countyName,
        teams: brandTeams.filter((t) => t.brandId === b.id).map((t) => t.name),
      })),
      honours,
      topTeams: top.map((t) => ({ name: t.name, minutes: num(t.minutes) })),
      examples: examples.map((e) => ({
        title: e.title,
        teamName: e.teamName,
        date: chinaDate(e.startsAt),
        place: e.place,
      })),
    };
  }

  /** Honours held in the region in the years of the period (honours.read: awards and external ones). */
  private async honours(lo: string, hi: string, fromYear: number, toYear: number) {
    const held = await listRegionHonours(this.db, { lo, hi }, { from: fromYear, to: toYear });
    return held.map((h) => ({ honour: h.name, nominee: h.holderName, year: h.year }));
  }

  /** 月度活动报表: every activity of the month in the region, with its team, records and hours. */
  async monthlySheet(
    actor: Actor,
    regionCode: string | undefined,
    year: number,
    month: number,
  ): Promise<Sheet[]> {
    const region = await this.stats.resolveRegion(actor, regionCode);
    const { lo, hi } = subtreeBounds(region.code);
    const bounds = chinaMonthBounds(year, month);
    const rows = await this.db
      .selectFrom('activities')
      .innerJoin('teams', 'teams.id', 'activities.teamId')
      .innerJoin('regions', 'regions.code', 'activities.regionCode')
      .leftJoin('serviceFields', 'serviceFields.id', 'activities.fieldId')
      .select([
        'activities.id',
        'activities.title',
        'activities.kind',
        'activities.startsAt',
        'activities.place',
        'activities.serviceObject',
        'activities.status',
        'teams.name as teamName',
        'regions.name as regionName',
        'serviceFields.name as fieldName',
      ])
      .where('activities.regionCode', '>=', lo)
      .where('activities.regionCode', '<=', hi)
      .where('activities.status', 'in', [...COUNTED])
      .where('activities.startsAt', '>=', bounds.from)
      .where('activities.startsAt', '<', bounds.to)
      .orderBy('activities.startsAt')
      .execute();
    // The month's confirmed records per activity in one grouped pass over the records (a subquery per
    // activity scanned the million records once per activity on PostgreSQL: minutes for one county).
    const recordSums = rows.length
      ? await this.db
          .selectFrom('serviceRecords')
          .innerJoin('activities', 'activities.id', 'serviceRecords.activityId')
          .select([
            'serviceRecords.activityId',
            sql<number>`count(*)`.as('records'),
            sql<number>`coalesce(sum(service_records.minutes), 0)`.as('minutes'),
          ])
          .where('serviceRecords.status', '=', 'confirmed')
          .where('activities.regionCode', '>=', lo)
          .where('activities.regionCode', '<=', hi)
          .where('activities.status', 'in', [...COUNTED])
          .where('activities.startsAt', '>=', bounds.from)
          .where('activities.startsAt', '<', bounds.to)
          .groupBy('serviceRecords.activityId')
          .execute()
      : [];
    const sums = new Map(recordSums.map((r) => [r.activityId, r]));
    const outputs = rows.length
      ? await this.db
          .selectFrom('activityOutputs')
          .select(['activityId', 'kind', 'quantity'])
          .where(
            'activityId',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [];
    const outputText = (id: string) =>
      outputs
        .filter((o) => o.activityId === id)
        .map((o) => {
          const l = outputLabels[o.kind as OutputKind];
          return l ? `${l.name}${num(o.quantity)}${l.unit}` : `${o.kind}${num(o.quantity)}`;
        })
        .join('；');
    const kindLabel = { central: '集中统一活动', own: '日常自主活动' } as const;
    return [
      {
        name: `${month}月活动`,
        title: `${region.name} ${year}年${month}月志愿服务活动报表（共${rows.length}场，确认服务时长${hoursOf(recordSums.reduce((s, r) => s + num(r.minutes), 0))}小时）`,
        columns: [
          { header: '日期', width: 12 },
          { header: '活动名称', width: 30 },
          { header: '类型', width: 14 },
          { header: '组织队伍', width: 28 },
          { header: '所在区划', width: 16 },
          { header: '服务领域', width: 14 },
          { header: '地点', width: 24 },
          { header: '服务对象', width: 14 },
          { header: '确认服务记录(条)' },
          { header: '服务时长(小时)' },
          { header: '服务成果', width: 30 },
        ],
        rows: rows.map((r) => [
          chinaDate(r.startsAt),
          r.title,
          kindLabel[r.kind],
          r.teamName,
          r.regionName,
          r.fieldName ?? '',
          r.place,
          r.serviceObject,
          num(sums.get(r.id)?.records),
          hoursOf(num(sums.get(r.id)?.minutes)),
          outputText(r.id),
        ]),
      },
    ];
  }

  /** 年度统计表: one row per county (or per child region below a county), the year's figures. */
  async annualSheet(actor: Actor, regionCode: string | undefined, year: number): Promise<Sheet[]> {
    const region = await this.stats.resolveRegion(actor, regionCode);
    const o = await this.stats.figures(region, year, 12, chinaToday());
    // Outputs per row (each child region, and the region's own level), counted the one way (outputsOf).
    const childLevel = o.byRegion.find((r) => r.child)?.code;
    const len = childLevel ? levelPrefixLength[levelOfCode(childLevel)] : 12;
    const rowOutputs = (key: string) =>
      outputsOf(this.db, {
        regionCode: region.code,
        year,
        where: (eb) =>
          eb.and([
            eb('activities.regionCode', '>=', key.padEnd(12, '0')),
            eb('activities.regionCode', '<=', key.padEnd(12, '9')),
          ]),
      });
    const ownKey = region.code.slice(0, len);
    const rows = [...o.byRegion];
    const [perRow, own, whole] = await Promise.all([
      Promise.all(rows.map((r) => rowOutputs(r.child ? r.code.slice(0, len) : ownKey))),
      rows.some((r) => !r.child) ? null : rowOutputs(ownKey),
      outputsOf(this.db, { regionCode: region.code, year }),
    ]);
    // The region's own (本级) activities count even when it has no teams or records of its own.
    if (own?.totals.length) {
      rows.push({
        code: region.code,
        name: `${region.name}本级`,
        child: false,
        teams: 0,
        volunteers: 0,
        veterans: 0,
        minutesYear: 0,
        activitiesYear: own.activities,
      });
      perRow.push(own);
    }
    const kinds = Object.keys(outputLabels) as OutputKind[];
    const quantity = (r: { totals: { kind: string; quantity: number }[] }, kind: string) =>
      r.totals.find((t) => t.kind === kind)?.quantity ?? 0;
    const total = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    return [
      {
        name: `${year}年统计表`,
        title: `${region.name} ${year}年退役军人志愿服务统计表`,
        columns: [
          { header: '区划', width: 22 },
          { header: '队伍(支)' },
          { header: '志愿者(人)' },
          { header: '其中退役军人(人)' },
          { header: '活动(场)' },
          { header: '服务时长(小时)' },
          ...kinds.map((k) => ({ header: `${outputLabels[k].name}(${outputLabels[k].unit})` })),
        ],
        rows: [
          ...rows.map((r, i) => [
            r.name,
            r.teams,
            r.volunteers,
            r.veterans,
            r.activitiesYear,
            hoursOf(r.minutesYear),
            ...kinds.map((k) => quantity(perRow[i]!, k)),
          ]),
          [
            '合计',
            total((r) => r.teams),
            total((r) => r.volunteers),
            total((r) => r.veterans),
            total((r) => r.activitiesYear),
            hoursOf(total((r) => r.minutesYear)),
            ...kinds.map((k) => quantity(whole, k)),
          ],
        ],
      },
    ];
  }
}
