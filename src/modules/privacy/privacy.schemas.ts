import { phoneSchema } from '../../shared/identity';
import { regionCodeSchema } from '../../shared/regions';
import { veteranKinds } from '../../shared/registry';
import { z } from '../../shared/zod';

/**
 * 个人信息权利 (《个人信息保护法》第44–47条): the volunteer's own view, download, correction, withdrawal of
 * publicity consent and deletion; shared by the server's routes and the web pages.
 */

/** What a volunteer may ask to have corrected (service hours go through the record-correction flow). */
export const correctableFields = [
  'name',
  'phone',
  'residenceCode',
  'isVeteran',
  'veteranKind',
  'branch',
  'serviceYears',
  'partyMember',
  'skills',
] as const;
export type CorrectableField = (typeof correctableFields)[number];

export const correctableFieldLabels: Record<CorrectableField, string> = {
  name: '姓名',
  phone: '手机号',
  residenceCode: '居住地',
  isVeteran: '是否退役军人',
  veteranKind: '退役类别',
  branch: '服役军种',
  serviceYears: '服役年限',
  partyMember: '中共党员',
  skills: '特长技能',
};

export const correctionChangesSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(2, { message: '姓名至少2个字' })
      .max(30, { message: '姓名不超过30个字' })
      .optional(),
    phone: phoneSchema.optional(),
    residenceCode: regionCodeSchema.optional(),
    isVeteran: z.boolean().optional(),
    veteranKind: z.enum(veteranKinds).nullable().optional(),
    branch: z.string().trim().max(20, { message: '服役军种不超过20个字' }).nullable().optional(),
    serviceYears: z
      .number()
      .int()
      .min(0)
      .max(60, { message: '服役年限应在0–60年之间' })
      .nullable()
      .optional(),
    partyMember: z.boolean().optional(),
    skills: z.string().trim().max(200, { message: '特长技能不超过200个字' }).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: '请至少填写一项要更正的内容' });
export type CorrectionChanges = z.infer<typeof correctionChangesSchema>;

const reasonSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(2, { message: `请填写${what}` })
    .max(300, { message: `${what}不超过300个字` });

export const correctionInputSchema = z.strictObject({
  changes: correctionChangesSchema,
  reason: reasonSchema('更正理由'),
});

/** The words a volunteer types to ask for deletion, so it is never one careless tap. */
export const ERASURE_PHRASE = '确认注销';

export const erasureInputSchema = z.strictObject({
  reason: reasonSchema('注销原因'),
  confirm: z.string().trim().max(20),
});

export const requestKinds = ['correction', 'erasure'] as const;
export const requestStatuses = ['pending', 'accepted', 'rejected', 'cancelled'] as const;
export const requestKindLabels = { correction: '更正个人信息', erasure: '注销（删除个人信息）' } as const;
export const requestStatusLabels = {
  pending: '待处理',
  accepted: '已办理',
  rejected: '未通过',
  cancelled: '已撤销',
} as const;

/** One requested change, as shown: before and after, personal numbers masked for staff. */
export const changeViewSchema = z.object({
  field: z.enum(correctableFields),
  label: z.string(),
  from: z.string(),
  to: z.string(),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

export const myRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(requestKinds),
  status: z.enum(requestStatuses),
  changes: z.array(changeViewSchema),
  reason: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type MyPrivacyRequest = z.infer<typeof myRequestSchema>;

export const featuredItemSchema = z.object({
  kind: z.enum(['story', 'poster']),
  id: z.string(),
  title: z.string(),
  /** Shown on the public portal right now. */
  public: z.boolean(),
  publishedAt: z.string().nullable(),
});
export type FeaturedItem = z.infer<typeof featuredItemSchema>;

/** The volunteer's own page: their details in full (they are theirs), consent, requests. */
export const myPrivacySchema = z.object({
  profile: z.object({
    volunteerNo: z.string(),
    name: z.string(),
    gender: z.enum(['M', 'F']),
    birthDate: z.string(),
    /** Masked on screen; the download carries the full number. */
    idCard: z.string(),
    phone: z.string().nullable(),
    residenceCode: z.string(),
    residence: z.string(),
    isVeteran: z.boolean(),
    veteranKind: z.enum(veteranKinds).nullable(),
    branch: z.string().nullable(),
    serviceYears: z.number().nullable(),
    partyMember: z.boolean(),
    skills: z.string(),
  }),
  consent: z.object({ given: z.boolean(), at: z.string().nullable() }),
  featured: z.array(featuredItemSchema),
  requests: z.array(myRequestSchema),
});
export type MyPrivacy = z.infer<typeof myPrivacySchema>;

export const staffRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(requestKinds),
  status: z.enum(requestStatuses),
  volunteerId: z.string(),
  volunteerNo: z.string(),
  volunteerName: z.string(),
  regionName: z.string(),
  changes: z.array(changeViewSchema),
  reason: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  deciderName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** What the caller may do with it now. */
  mayDecide: z.boolean(),
});
export type StaffPrivacyRequest = z.infer<typeof staffRequestSchema>;

export const staffListQuerySchema = z.strictObject({
  status: z.enum(['pending', 'done']).default('pending'),
});

export const decisionNoteSchema = z.strictObject({
  note: z.string().trim().max(300, { message: '说明不超过300个字' }).optional(),
});
export const rejectionSchema = z.strictObject({
  reason: reasonSchema('不予办理的理由'),
});
export const erasureConfirmSchema = z.strictObject({
  /** The person's name as registered, typed in full. */
  confirmName: z.string().trim().max(30),
  note: z.string().trim().max(300).optional(),
});

/** The neutral name an anonymised person carries from then on. */
export const ERASED_NAME_PREFIX = '已注销志愿者';
export const erasedNameOf = (volunteerId: string) =>
  `${ERASED_NAME_PREFIX}${volunteerId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
