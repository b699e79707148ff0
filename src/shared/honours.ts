import { z } from './zod';

export const honourLevels = ['city', 'province', 'national'] as const;
export const holderKinds = ['volunteer', 'team', 'brand', 'village'] as const;
export const nominationStatuses = [
  'county_review',
  'city_review',
  'reported',
  'notice',
  'awarded',
  'not_awarded',
  'rejected',
] as const;
export type HolderKind = (typeof holderKinds)[number];
export type NominationStatus = (typeof nominationStatuses)[number];

export const honourLevelLabels: Record<string, string> = {
  county: '县级',
  city: '市级',
  province: '省级',
  national: '国家级',
};
export const holderKindLabels: Record<HolderKind, string> = {
  volunteer: '志愿者',
  team: '志愿服务队伍',
  brand: '项目/品牌',
  village: '村(社区)',
};
export const nominationStatusLabels: Record<NominationStatus, string> = {
  county_review: '待县级审核',
  city_review: '待市级审核',
  reported: '已推荐上报',
  notice: '公示中',
  awarded: '已授予',
  not_awarded: '未授予',
  rejected: '已退回',
};
export const nominationEventLabels: Record<string, string> = {
  propose: '提出推荐',
  county_approve: '县级审核通过',
  county_reject: '县级审核不通过',
  city_approve: '市级审核通过',
  city_reject: '市级审核不通过',
  report: '推荐上报',
  outside_approve: '上级评选结果：入选',
  outside_reject: '上级评选结果：未入选',
  notice_start: '开始公示',
  objection: '收到异议',
  objection_upheld: '异议成立',
  objection_dismissed: '异议不成立',
  award: '授予',
  not_award: '不予授予',
  attachment: '上传材料',
};

export const DEFAULT_NOTICE_DAYS = 5;
/** Dossier files: small PDFs and photos, kept in the database. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const ATTACHMENT_MAX_BYTES = 512 * 1024;

export const honourKindSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(honourLevels),
  honours: z.enum(holderKinds),
  outcome: z.enum(['award', 'role']),
  description: z.string(),
  /** The city's step ends in 推荐上报 (provincial and national honours). */
  reportsUp: z.boolean(),
});
export type HonourKind = z.infer<typeof honourKindSchema>;

export const nominationFactsSchema = z.object({
  confirmedMinutes: z.number().optional(),
  starLevel: z.number().optional(),
  activityCount: z.number().optional(),
  memberCount: z.number().optional(),
  teamCount: z.number().optional(),
  honoursHeld: z.array(z.object({ name: z.string(), level: z.string(), year: z.number() })),
  takenAt: z.string(),
});
export type NominationFacts = z.infer<typeof nominationFactsSchema>;

export const nominationSummarySchema = z.object({
  id: z.string(),
  honourId: z.string(),
  honourName: z.string(),
  level: z.enum(honourLevels),
  outcome: z.enum(['award', 'role']),
  year: z.number(),
  nomineeKind: z.enum(holderKinds),
  nomineeId: z.string(),
  nomineeName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  proposerName: z.string(),
  status: z.enum(nominationStatuses),
  noticeEndsOn: z.string().nullable(),
  roleTaken: z.string().nullable(),
  createdAt: z.string(),
});
export type NominationSummary = z.infer<typeof nominationSummarySchema>;

export const nominationDetailSchema = nominationSummarySchema.extend({
  deeds: z.string(),
  facts: nominationFactsSchema,
  noticeDays: z.number().nullable(),
  noticeStartsOn: z.string().nullable(),
  /** Working days of 公示 still to run, today and the end date included (1 on the last day, 0 after it). */
  noticeWorkingDaysLeft: z.number().nullable(),
  noticeOver: z.boolean(),
  decidedOn: z.string().nullable(),
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorName: z.string().nullable(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  objections: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      /** Who objected: shown only to the city bureau that resolves objections. */
      raisedBy: z.string().nullable(),
      source: z.enum(['staff', 'public']),
      content: z.string(),
      status: z.enum(['open', 'upheld', 'dismissed']),
      resolution: z.string().nullable(),
      resolvedBy: z.string().nullable(),
      resolvedAt: z.string().nullable(),
    }),
  ),
  attachments: z.array(
    z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), size: z.number() }),
  ),
  /** What the viewer may do now. */
  can: z.object({
    review: z.enum(['county', 'city']).nullable(),
    enterOutsideResult: z.boolean(),
    resolveObjections: z.boolean(),
    finalize: z.boolean(),
    object: z.boolean(),
  }),
});
export type NominationDetail = z.infer<typeof nominationDetailSchema>;

export const honourHeldSchema = z.object({
  name: z.string(),
  level: z.string(),
  year: z.number(),
  source: z.enum(['pipeline', 'external']),
});

export const externalHonourSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['county', 'city', 'province', 'national']),
  issuer: z.string(),
  year: z.number(),
  holderKind: z.enum(holderKinds),
  holderId: z.string(),
  holderName: z.string(),
  regionCode: z.string(),
  evidence: z.string(),
  createdAt: z.string(),
});
export type ExternalHonour = z.infer<typeof externalHonourSchema>;

export const commendedSchema = z.object({
  name: z.string(),
  kind: z.enum(holderKinds),
  honour: z.string(),
  regionName: z.string(),
});
export const commendationSchema = z.object({
  year: z.number(),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  notes: z.string(),
  saved: z.boolean(),
  units: z.array(commendedSchema),
  individuals: z.array(commendedSchema),
});
export type Commendation = z.infer<typeof commendationSchema>;
