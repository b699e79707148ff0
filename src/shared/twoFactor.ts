import { meSchema, roles } from './identity';
import { z } from './zod';

/** The six digits an authenticator app shows (TOTP, RFC 6238). */
export const otpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { message: '验证码为6位数字' });

/** A one-time recovery code as handed out: ten letters and digits, shown as XXXXX-XXXXX. */
export const recoveryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{5}[- ]?[A-Za-z0-9]{5}$/, { message: '恢复码为10位字母或数字，如 AB3CD-EF5GH' });

/** The second step of a login: the authenticator's code, or one recovery code instead. */
export const secondFactorSchema = z.strictObject({
  code: otpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
});

export const confirmCodeSchema = z.strictObject({ code: otpCodeSchema });

/** What a person needs to add the account to an authenticator app. */
export const enrollmentSchema = z.object({
  /** Base32, to type in by hand. */
  secret: z.string(),
  /** otpauth:// URI, the content of the QR code. */
  uri: z.string(),
  /** The QR code as an SVG data URL. */
  qr: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export const loginSteps = ['totp', 'enroll', 'password'] as const;
export type LoginStep = (typeof loginSteps)[number];

/** A login still owed a step: no session yet, only a short-lived pending challenge (HttpOnly cookie). */
export const pendingLoginSchema = z.object({
  pending: z.object({
    step: z.enum(loginSteps),
    expiresAt: z.string(),
    displayName: z.string(),
    /** Forced enrolment: the new secret. */
    enrollment: enrollmentSchema.optional(),
  }),
  /** Shown once, right after enrolment. */
  recoveryCodes: z.array(z.string()).optional(),
});
export type PendingLogin = z.infer<typeof pendingLoginSchema>;

export const signedInSchema = meSchema.extend({ recoveryCodes: z.array(z.string()).optional() });

/** Every answer of the login steps: signed in, or the next step. */
export const loginAnswerSchema = z.union([signedInSchema, pendingLoginSchema]);
export type LoginAnswer = z.infer<typeof loginAnswerSchema>;

/** 我的账号 › 两步验证 */
export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  /** The account's role must use it (security policy): it cannot be turned off. */
  required: z.boolean(),
  recoveryCodesLeft: z.number(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const disableTwoFactorSchema = z.strictObject({
  password: z.string().min(1, { message: '请输入当前密码' }).max(256),
  code: otpCodeSchema,
});

/** An active session, as the security administrator sees it. */
export const activeSessionSchema = z.object({
  ref: z.string(),
  accountId: z.string(),
  username: z.string().nullable(),
  displayName: z.string(),
  role: z.enum(roles),
  roleLabel: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type ActiveSession = z.infer<typeof activeSessionSchema>;

export const resetTwoFactorSchema = z.strictObject({
  reason: z.string().trim().min(2, { message: '请填写原因' }).max(200, { message: '原因不超过200个字' }),
});
