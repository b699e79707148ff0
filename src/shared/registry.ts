import { isoDateSchema as dateSchema, z } from './zod';
import { parseIdCard } from './idcard';
import { phoneSchema } from './identity';
import { regionCodeSchema, regionRefSchema } from './regions';

export const teamCategories = ['station', 'unit', 'social', 'integrated'] as const;
export type TeamCategory = (typeof teamCategories)[number];
export const teamCategoryLabels: Record<TeamCategory, string> = {
  station: '依托服务中心(站)组建',
  unit: '直属单位组建',
  social: '社会组织组建',
  integrated: '整合社会资源(统一登记)',
};

export const integrationGrounds = ['founded_by_veterans', 'veteran_backbone', 'serves_veterans'] as const;
export const integrationGroundLabels: Record<(typeof integrationGrounds)[number], string> = {
  founded_by_veterans: '退役军人发起',
  veteran_backbone: '以退役军人为骨干',
  serves_veterans: '专为退役军人服务',
};

export const teamStatuses = ['draft', 'submitted', 'returned', 'approved', 'suspended', 'dissolved'] as const;
export type TeamStatus = (typeof teamStatuses)[number];
export const teamStatusLabels: Record<TeamStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已登记',
  suspended: '已暂停',
  dissolved: '已解散',
};

export const teamActions = ['submit', 'approve', 'return', 'suspend', 'resume', 'dissolve'] as const;
export type TeamAction = (typeof teamActions)[number];
export const teamActionLabels: Record<TeamAction | 'create' | 'update', string> = {
  create: '创建',
  update: '修改',
  submit: '提交登记',
  approve: '审核通过',
  return: '退回',
  suspend: '暂停',
  resume: '恢复',
  dissolve: '解散',
};

/** The registration workflow (统一登记): from → action → to. */
export const teamTransitions: Record<
  TeamAction,
  { from: readonly TeamStatus[]; to: TeamStatus; needsReason: boolean }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', needsReason: false },
  approve: { from: ['submitted'], to: 'approved', needsReason: false },
  return: { from: ['submitted'], to: 'returned', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
  resume: { from: ['suspended'], to: 'approved', needsReason: false },
  dissolve: { from: ['approved', 'suspended'], to: 'dissolved', needsReason: true },
};

/** The report's service fields, seeded into the managed list. */
export const reportServiceFields = [
  '红色宣讲',
  '理论宣讲',
  '文明生活',
  '医疗服务',
  '应急救援',
  '无偿献血',
  '交通疏导',
  '秩序维护',
  '爱心送考',
  '关爱环卫工人',
  '助老助困',
  '慰问困难老兵',
  '国防教育',
  '社会治安巡逻',
  '护卫国旗',
  '文艺汇演',
  '乡村振兴',
  '基层社会治理',
  '帮办代办',
  '血液保障',
];

export const veteranKinds = [
  'soldier',
  'retired_cadre',
  'transferred_cadre',
  'demobilized_cadre',
  'other',
] as const;
export const veteranKindLabels: Record<(typeof veteranKinds)[number], string> = {
  soldier: '退役士兵',
  retired_cadre: '军休干部',
  transferred_cadre: '转业干部',
  demobilized_cadre: '复员干部',
  other: '其他',
};

export const memberRoles = ['leader', 'backbone', 'member'] as const;
export type MemberRole = (typeof memberRoles)[number];
export const memberRoleLabels: Record<MemberRole, string> = {
  leader: '队长',
  backbone: '骨干',
  member: '队员',
};

const name = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(2, { message: `${what}至少2个字` })
    .max(max, { message: `${what}不超过${max}个字` });

export const teamInputSchema = z.strictObject({
  name: name(60, '队伍名称'),
  category: z.enum(teamCategories),
  integrationGrounds: z.array(z.enum(integrationGrounds)).max(3).default([]),
  regionCode: regionCodeSchema,
  organizationId: z.string().max(36).nullish(),
  hostName: z.string().trim().max(100).nullish(),
  parentId: z.string().max(36).nullish(),
  fieldIds: z.array(z.string().max(36)).max(20).default([]),
  leaderName: name(30, '队长姓名'),
  contactPhone: z
    .string()
    .trim()
    .regex(/^$|^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, { message: '联系电话格式不正确' })
    // Omitted on an update: keep the stored number (it is only ever shown masked). '' clears it.
    .optional(),
  foundedOn: dateSchema.nullish(),
  description: z.string().trim().max(2000, { message: '简介不超过2000字' }).default(''),
});
export type TeamInput = z.infer<typeof teamInputSchema>;

export const teamSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.enum(teamCategories),
  status: z.enum(teamStatuses),
  region: regionRefSchema,
  regionPath: z.string(),
  organizationName: z.string().nullable(),
  parentId: z.string().nullable(),
  leaderName: z.string(),
  memberCount: z.number(),
  averageAge: z.number().nullable(),
  fields: z.array(z.string()),
  foundedOn: z.string().nullable(),
});
export type TeamSummary = z.infer<typeof teamSummarySchema>;

export const teamEventSchema = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
});

export const teamDetailSchema = teamSummarySchema.extend({
  integrationGrounds: z.array(z.enum(integrationGrounds)),
  organizationId: z.string().nullable(),
  hostName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string(),
  fieldIds: z.array(z.string()),
  version: z.number(),
  subTeams: z.array(teamSummarySchema.pick({ id: true, name: true, status: true, memberCount: true })),
  history: z.array(teamEventSchema),
  canEdit: z.boolean(),
  canReview: z.boolean(),
});
export type TeamDetail = z.infer<typeof teamDetailSchema>;

export const teamListQuerySchema = z.strictObject({
  regionCode: regionCodeSchema.optional(),
  category: z.enum(teamCategories).optional(),
  fieldId: z.string().max(36).optional(),
  status: z.enum(teamStatuses).optional(),
  q: z.string().trim().max(30).optional(),
  sort: z.enum(['name', 'region', 'members', 'founded', 'updated']).default('region'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TeamListQuery = z.infer<typeof teamListQuerySchema>;

export const teamActionSchema = z.strictObject({
  reason: z.string().trim().max(200, { message: '原因不超过200个字' }).optional(),
  version: z.number().int().optional(),
});

export const idCardSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseIdCard(value);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

export const volunteerInputSchema = z.strictObject({
  name: name(30, '姓名'),
  idCard: idCardSchema,
  phone: phoneSchema.nullish(),
  residenceCode: regionCodeSchema,
  isVeteran: z.boolean(),
  veteranKind: z.enum(veteranKinds).nullish(),
  branch: z.string().trim().max(20).nullish(),
  serviceYears: z.number().int().min(0).max(60).nullish(),
  partyMember: z.boolean().default(false),
  veteranSecretary: z.boolean().default(false),
  skills: z.string().trim().max(200).default(''),
  publicityConsent: z.boolean().default(false),
  /** Join this team at registration. */
  teamId: z.string().max(36).optional(),
  role: z.enum(memberRoles).default('member'),
});
export type VolunteerInput = z.infer<typeof volunteerInputSchema>;

export const volunteerSummarySchema = z.object({
  id: z.string(),
  volunteerNo: z.string(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  age: z.number(),
  /** Masked unless revealed. */
  idCard: z.string(),
  phone: z.string().nullable(),
  residence: regionRefSchema,
  residencePath: z.string(),
  isVeteran: z.boolean(),
  veteranKind: z.enum(veteranKinds).nullable(),
  partyMember: z.boolean(),
  veteranSecretary: z.boolean(),
  teams: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(memberRoles) })),
});
export type VolunteerSummary = z.infer<typeof volunteerSummarySchema>;

export const volunteerDetailSchema = volunteerSummarySchema.extend({
  birthDate: z.string(),
  branch: z.string().nullable(),
  serviceYears: z.number().nullable(),
  skills: z.string(),
  publicityConsent: z.boolean(),
  hasAccount: z.boolean(),
  memberships: z.array(
    z.object({
      id: z.string(),
      teamId: z.string(),
      teamName: z.string(),
      role: z.enum(memberRoles),
      joinedOn: z.string(),
      leftOn: z.string().nullable(),
    }),
  ),
});
export type VolunteerDetail = z.infer<typeof volunteerDetailSchema>;

export const volunteerListQuerySchema = z.strictObject({
  regionCode: regionCodeSchema.optional(),
  teamId: z.string().max(36).optional(),
  fieldId: z.string().max(36).optional(),
  veteranKind: z.enum(veteranKinds).optional(),
  isVeteran: z.enum(['true', 'false']).optional(),
  minAge: z.coerce.number().int().min(0).max(120).optional(),
  maxAge: z.coerce.number().int().min(0).max(120).optional(),
  q: z.string().trim().max(30).optional(),
  sort: z.enum(['name', 'age', 'region', 'created']).default('region'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type VolunteerListQuery = z.infer<typeof volunteerListQuerySchema>;

export const coverageSchema = z.object({
  region: regionRefSchema,
  villages: z.number(),
  covered: z.number(),
  rows: z.array(
    z.object({
      region: regionRefSchema,
      villages: z.number(),
      covered: z.number(),
      veteranSecretaryUncovered: z.number(),
    }),
  ),
  uncovered: z.array(regionRefSchema.extend({ veteranSecretary: z.boolean(), path: z.string() })),
});
export type Coverage = z.infer<typeof coverageSchema>;
