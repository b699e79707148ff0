import { z } from './zod';

/** 行政区划层级, from the national statistical division code (12 digits). */
export const regionLevels = ['province', 'city', 'county', 'township', 'village'] as const;
export type RegionLevel = (typeof regionLevels)[number];

export const regionLevelLabels: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县(市、区)',
  township: '乡镇(街道)',
  village: '村(社区)',
};

/** How many leading digits of the 12-digit code are significant at each level. */
export const levelPrefixLength: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

export const regionCodeSchema = z
  .string()
  .regex(/^\d{12}$/, { message: '区划代码应为12位数字' })
  .describe('12位统计用区划代码');

/** The level of a 12-digit code, read from its trailing zeros. */
export function levelOfCode(code: string): RegionLevel {
  if (code.slice(9) !== '000') return 'village';
  if (code.slice(6, 9) !== '000') return 'township';
  if (code.slice(4, 6) !== '00') return 'county';
  if (code.slice(2, 4) !== '00') return 'city';
  return 'province';
}

/** Significant prefix of a code: every descendant's code starts with it. */
export function regionPrefix(code: string): string {
  return code.slice(0, levelPrefixLength[levelOfCode(code)]);
}

/** Codes of the ancestors of a region, from the province down (excluding itself). */
export function ancestorCodes(code: string): string[] {
  const level = levelOfCode(code);
  const out: string[] = [];
  for (const l of regionLevels) {
    if (l === level) break;
    out.push(code.slice(0, levelPrefixLength[l]).padEnd(12, '0'));
  }
  return out;
}

export const regionRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
});
export type RegionRef = z.infer<typeof regionRefSchema>;

export const regionCountsSchema = z.object({
  county: z.number().int(),
  township: z.number().int(),
  village: z.number().int(),
});
export type RegionCounts = z.infer<typeof regionCountsSchema>;

export const regionSchema = regionRefSchema.extend({
  parentCode: z.string().nullable(),
  /** 兵支书: the village Party secretary is a veteran (villages only). */
  veteranSecretary: z.boolean(),
});
export type Region = z.infer<typeof regionSchema>;

export const stationSchema = z.object({
  regionCode: z.string(),
  name: z.string(),
  address: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  updatedAt: z.string().nullable(),
});
export type Station = z.infer<typeof stationSchema>;

export const stationUpdateSchema = z.strictObject({
  name: z.string().trim().min(2, { message: '名称至少2个字' }).max(60, { message: '名称不超过60个字' }),
  address: z.string().trim().max(120, { message: '地址不超过120个字' }),
  contactName: z.string().trim().max(30, { message: '联系人不超过30个字' }),
  contactPhone: z
    .string()
    .trim()
    .regex(/^$|^[0-9+\-() ]{7,20}$/, { message: '联系电话格式不正确' }),
});
export type StationUpdate = z.infer<typeof stationUpdateSchema>;

export const veteranSecretaryUpdateSchema = z.strictObject({ veteranSecretary: z.boolean() });

export const regionDetailSchema = z.object({
  region: regionSchema,
  ancestors: z.array(regionRefSchema),
  station: stationSchema,
  counts: regionCountsSchema,
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

export const regionChildSchema = regionSchema.extend({ counts: regionCountsSchema });
export type RegionChild = z.infer<typeof regionChildSchema>;

export const regionListSchema = z.object({ items: z.array(regionChildSchema) });

export const regionSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, { message: '请输入要搜索的地名' }).max(30, { message: '搜索词不超过30个字' }),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const regionSearchHitSchema = regionRefSchema.extend({
  /** Ancestors from the top imported level down, so "大名镇" reads as 邯郸市 / 大名县 / 大名镇. */
  path: z.array(regionRefSchema),
});
export type RegionSearchHit = z.infer<typeof regionSearchHitSchema>;
export const regionSearchResultSchema = z.object({ items: z.array(regionSearchHitSchema) });
