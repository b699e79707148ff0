import { hoursOf as hours } from '../../shared/hours';
import type { FigureKey, Overview } from './statistics.schemas';
import type { Sheet } from './workbook';

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '0%');

/** Each dashboard figure as a table: the same rows the page shows under its chart. */
export function figureSheets(o: Overview, only?: FigureKey): Sheet[] {
  const title = `${o.region.name} ${o.year}年`;
  const all: Record<FigureKey, () => Sheet> = {
    byRegion: () => ({
      name: '按区划',
      title,
      columns: [
        { header: '区划', width: 22 },
        { header: '区划代码', width: 15 },
        { header: '队伍(支)' },
        { header: '志愿者(人)' },
        { header: '其中退役军人(人)' },
        { header: '本年服务时长(小时)' },
        { header: '本年活动(场)' },
      ],
      rows: o.byRegion.map((r) => [
        r.name,
        r.code,
        r.teams,
        r.volunteers,
        r.veterans,
        hours(r.minutesYear),
        r.activitiesYear,
      ]),
    }),
    byCategory: () => ({
      name: '按队伍类别',
      title,
      columns: [{ header: '类别', width: 26 }, { header: '队伍(支)' }],
      rows: o.byCategory.map((r) => [r.label, r.teams]),
    }),
    byField: () => ({
      name: '按服务领域',
      title,
      columns: [{ header: '服务领域', width: 20 }, { header: '队伍(支)' }, { header: '本年活动(场)' }],
      rows: o.byField.map((r) => [r.name, r.teams, r.activitiesYear]),
    }),
    monthly: () => ({
      name: '月度服务时长',
      title,
      columns: [
        { header: '月份' },
        { header: '服务时长(小时)' },
        { header: '服务记录(条)' },
        { header: '活动(场)' },
      ],
      rows: o.monthly.map((r) => [r.month, hours(r.minutes), r.records, r.activities]),
    }),
    stars: () => ({
      name: '星级分布',
      title,
      columns: [{ header: '星级' }, { header: '志愿者(人)' }],
      rows: o.stars.map((r) => [r.level ? `${r.level}星` : '未评星', r.volunteers]),
    }),
    ages: () => ({
      name: '年龄分布',
      title,
      columns: [{ header: '年龄段' }, { header: '志愿者(人)' }],
      rows: o.ages.map((r) => [r.band, r.volunteers]),
    }),
    topTeams: () => ({
      name: '服务时长前十队伍',
      title,
      columns: [
        { header: '名次' },
        { header: '队伍', width: 30 },
        { header: '所在区划', width: 16 },
        { header: '本年服务时长(小时)' },
      ],
      rows: o.topTeams.map((t, i) => [i + 1, t.name, t.regionName, hours(t.minutes)]),
    }),
    coverage: () => ({
      name: '覆盖情况',
      title,
      columns: [{ header: '指标', width: 22 }, { header: '应有' }, { header: '已有' }, { header: '比例' }],
      rows: [
        [
          '一村(社区)一队伍',
          o.coverage.villages,
          o.coverage.villagesCovered,
          pct(o.coverage.villagesCovered, o.coverage.villages),
        ],
        [
          '一县(区)一品牌',
          o.coverage.counties,
          o.coverage.countiesWithBrand,
          pct(o.coverage.countiesWithBrand, o.coverage.counties),
        ],
        [
          '年有计划(队伍)',
          o.coverage.teams,
          o.coverage.teamsWithYearPlan,
          pct(o.coverage.teamsWithYearPlan, o.coverage.teams),
        ],
        [
          `月有安排(${o.month}月，队伍)`,
          o.coverage.teams,
          o.coverage.teamsWithMonthArrangement,
          pct(o.coverage.teamsWithMonthArrangement, o.coverage.teams),
        ],
      ],
    }),
  };
  const summary: Sheet = {
    name: '总览',
    title: `${title}${o.month}月`,
    columns: [
      { header: '指标', width: 24 },
      { header: '数值', width: 14 },
    ],
    rows: [
      ['志愿服务队伍(支)', o.totals.teams],
      ['志愿者(人)', o.totals.volunteers],
      ['其中退役军人(人)', o.totals.veterans],
      ['本年服务时长(小时)', hours(o.totals.minutesYear)],
      [`${o.month}月服务时长(小时)`, hours(o.totals.minutesMonth)],
      ['本年服务记录(条)', o.totals.recordsYear],
      [`${o.month}月活动(场)`, o.totals.activitiesMonth],
      ['本年活动(场)', o.totals.activitiesYear],
      ['本年获评荣誉(项)', o.honoursYear],
    ],
  };
  if (only) return [all[only]()];
  return [summary, ...Object.values(all).map((f) => f())];
}
