import { z } from './zod';
import { regionCodeSchema, regionRefSchema } from './regions';

/** Business roles carry a scope; the three system roles (三员) carry none and see no business data. */
export const roles = [
  'city_admin',
  'county_admin',
  'township_admin',
  'village_admin',
  'org_admin',
  'team_leader',
  'volunteer',
  'sys_admin',
  'sec_admin',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  city_admin: '市级管理员',
  county_admin: '县(区)级管理员',
  township_admin: '乡镇(街道)管理员',
  village_admin: '村(社区)管理员',
  org_admin: '单位/社会组织管理员',
  team_leader: '队长',
  volunteer: '志愿者',
  sys_admin: '系统管理员',
  sec_admin: '安全管理员',
  auditor: '安全审计员',
};

export const systemRoles = ['sys_admin', 'sec_admin', 'auditor'] as const satisfies readonly Role[];
export const isSystemRole = (role: Role): boolean => (systemRoles as readonly Role[]).includes(role);

/** What a signed-in person may do; the web menu and the server's checks read the same list. */
export const capabilities = [
  'regions.manage', // 编辑服务站、兵支书标记
  'accounts.manage', // 分级管理账号
  'accounts.security', // 解锁、停用、改角色
  'security.policy', // 密码与锁定策略
  'audit.read', // 查阅、导出审计日志
  'plans.keep', // 年度计划与月度安排
  'calendar.keep', // 节假日与调休、本地重要节点（市级）
  'templates.keep', // 主题活动模板
  'honours.commend', // 年度表彰大会（市级）
] as const;
export type Capability = (typeof capabilities)[number];

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, { message: '用户名为3-32位字母、数字或 _ . -，以字母开头' });

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: '手机号应为11位中国大陆手机号码' });

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1, { message: '请输入用户名或手机号' }).max(64),
  password: z.string().min(1, { message: '请输入密码' }).max(256),
});

export const organizationKinds = ['unit', 'social'] as const;
export const organizationKindLabels: Record<(typeof organizationKinds)[number], string> = {
  unit: '直属单位',
  social: '社会组织',
};

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(organizationKinds),
  regionCode: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const accountSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  displayName: z.string(),
  role: z.enum(roles),
  roleLabel: z.string(),
  region: regionRefSchema.nullable(),
  organization: organizationSchema.pick({ id: true, name: true }).nullable(),
  teamId: z.string().nullable(),
  /** Masked unless the viewer may see it. */
  phone: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const meSchema = z.object({
  account: accountSchema,
  capabilities: z.array(z.enum(capabilities)),
  manageableRoles: z.array(z.enum(roles)),
  sessionKind: z.enum(['staff', 'volunteer']),
});
export type Me = z.infer<typeof meSchema>;

export const createAccountSchema = z.strictObject({
  username: usernameSchema,
  displayName: z
    .string()
    .trim()
    .min(2, { message: '姓名至少2个字' })
    .max(30, { message: '姓名不超过30个字' }),
  role: z.enum(roles),
  regionCode: regionCodeSchema.optional(),
  organizationId: z.string().optional(),
  /** Omit to have a random initial password generated and shown once. */
  password: z.string().max(256).optional(),
});
export type CreateAccount = z.infer<typeof createAccountSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, { message: '请输入当前密码' }).max(256),
  newPassword: z.string().min(1, { message: '请输入新密码' }).max(256),
});

export const changeRoleSchema = z.strictObject({
  role: z.enum(roles),
  regionCode: regionCodeSchema.optional(),
  organizationId: z.string().optional(),
});

export const reasonSchema = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写原因' }).max(200, { message: '原因不超过200个字' }),
});

export const passwordPolicySchema = z.strictObject({
  minLength: z.number().int().min(8, { message: '密码最短不少于8位' }).max(64),
  requireCharClasses: z.number().int().min(1).max(4),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Refuse the passwords at the top of the leaked lists. */
  checkCommonPasswords: z.boolean().default(true),
  /** A new password may not be any of the last N (0: only not the current one). */
  historyCount: z.number().int().min(0).max(24).default(0),
  /** Days a password lasts before it must be changed at the next login; 0 never expires. */
  expiryDays: z.number().int().min(0).max(3650).default(0),
  /** Roles that must sign in with a second factor (两步验证). */
  twoFactorRoles: z
    .array(z.enum(roles).exclude(['volunteer']))
    .max(roles.length)
    .default(['city_admin', 'county_admin', 'sys_admin', 'sec_admin', 'auditor']),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 8,
  requireCharClasses: 2,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  checkCommonPasswords: true,
  historyCount: 0,
  expiryDays: 0,
  twoFactorRoles: ['city_admin', 'county_admin', 'sys_admin', 'sec_admin', 'auditor'],
};

export const pageQuerySchema = z.strictObject({
  q: z.string().trim().max(30).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  regionCode: z.string().nullable(),
  result: z.enum(['success', 'failure', 'denied']),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  regionCode: regionCodeSchema.optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Sent by the web app on its own background polling (unread messages, overdue counts): the server
 * answers as usual but does not count the request as the person's activity for the idle limit.
 */
export const BACKGROUND_HEADER = 'x-rongzhi-background';
