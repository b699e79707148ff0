import { regionCodeSchema, regionRefSchema } from '../../shared/regions';
import { z } from '../../shared/zod';

/** The period and place a dashboard or report is asked for. */
export const overviewQuerySchema = z.strictObject({
  regionCode: regionCodeSchema.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

const n = z.number();

export const overviewSchema = z.object({
  region: regionRefSchema,
  /** From the viewer's own region down to this one: the breadcrumb. */
  path: z.array(regionRefSchema),
  /** Whether the rows of byRegion can be opened (only down to townships; their children are villages). */
  drillable: z.boolean(),
  year: n,
  month: n,
  totals: z.object({
    teams: n,
    volunteers: n,
    veterans: n,
    minutesYear: n,
    minutesMonth: n,
    recordsYear: n,
    activitiesMonth: n,
    activitiesYear: n,
  }),
  byRegion: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      /** false for the region's own row (teams based at the region itself, e.g. 市本级). */
      child: z.boolean(),
      teams: n,
      volunteers: n,
      veterans: n,
      minutesYear: n,
      activitiesYear: n,
    }),
  ),
  byCategory: z.array(z.object({ category: z.string(), label: z.string(), teams: n })),
  byField: z.array(z.object({ id: z.string(), name: z.string(), teams: n, activitiesYear: n })),
  monthly: z.array(z.object({ month: z.string(), minutes: n, records: n, activities: n })),
  stars: z.array(z.object({ level: n, volunteers: n })),
  ages: z.array(z.object({ band: z.string(), volunteers: n })),
  topTeams: z.array(z.object({ id: z.string(), name: z.string(), regionName: z.string(), minutes: n })),
  coverage: z.object({
    villages: n,
    villagesCovered: n,
    counties: n,
    countiesWithBrand: n,
    brands: n,
    teams: n,
    teamsWithYearPlan: n,
    teamsWithMonthArrangement: n,
  }),
  /** Honours held in the region for this year: finished awards and external recognitions. */
  honoursYear: n,
});
export type Overview = z.infer<typeof overviewSchema>;

export const figureKeys = [
  'byRegion',
  'byCategory',
  'byField',
  'monthly',
  'stars',
  'ages',
  'topTeams',
  'coverage',
] as const;
export type FigureKey = (typeof figureKeys)[number];

export const figureExportQuerySchema = overviewQuerySchema.extend({
  figure: z.enum(figureKeys).optional(),
});

export const periodQuerySchema = z.strictObject({
  regionCode: regionCodeSchema.optional(),
  from: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }),
  to: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }),
});
export type PeriodQuery = z.infer<typeof periodQuerySchema>;

export const reportSectionKeys = ['opening', 'teamBuilding', 'management', 'brands', 'closing'] as const;
export type ReportSectionKey = (typeof reportSectionKeys)[number];

export const reportTextsSchema = z.object({
  opening: z.string().max(4000),
  teamBuilding: z.string().max(4000),
  management: z.string().max(4000),
  brands: z.string().max(4000),
  closing: z.string().max(4000),
});
export type ReportTexts = z.infer<typeof reportTextsSchema>;

export const workReportSchema = z.object({
  region: regionRefSchema,
  from: z.string(),
  to: z.string(),
  texts: reportTextsSchema,
  savedAt: z.string().nullable(),
  numbers: z.object({
    teams: n,
    teamsByCategory: z.array(z.object({ label: z.string(), teams: n })),
    volunteers: n,
    veterans: n,
    minutes: n,
    records: n,
    activities: n,
    outputs: z.array(z.object({ kind: z.string(), quantity: n })),
    brands: z.array(z.object({ name: z.string(), countyName: z.string(), teams: z.array(z.string()) })),
    honours: z.array(z.object({ honour: z.string(), nominee: z.string(), year: n })),
    topTeams: z.array(z.object({ name: z.string(), minutes: n })),
    examples: z.array(
      z.object({ title: z.string(), teamName: z.string(), date: z.string(), place: z.string() }),
    ),
  }),
});
export type WorkReport = z.infer<typeof workReportSchema>;

export const exchangeKinds = ['volunteers', 'teams', 'records'] as const;
export type ExchangeKind = (typeof exchangeKinds)[number];
export const exchangeQuerySchema = z.strictObject({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** 1: full ID-card numbers (city and county bureaus only, with a reason; audited). */
  reveal: z.enum(['0', '1']).default('0'),
  reason: z.string().trim().max(200, { message: '用途不超过200字' }).optional(),
});
