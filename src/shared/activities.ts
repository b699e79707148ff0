import { z } from './zod';
import { regionCodeSchema } from './regions';

export const activityKinds = ['central', 'own'] as const;
export const activityKindLabels = { central: '集中统一活动', own: '日常自主活动' } as const;
export const activityStatuses = ['draft', 'published', 'ongoing', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];
export const activityStatusLabels: Record<ActivityStatus, string> = {
  draft: '草稿',
  published: '报名中',
  ongoing: '进行中',
  completed: '已结束',
  cancelled: '已取消',
};

/** Outputs besides hours, counted with units (meals of 老兵餐厅, rides of 爱心车队, blood of 小桔灯 …). */
export const outputKinds = ['meals', 'rides', 'blood_ml', 'people_helped', 'lectures'] as const;
export const outputLabels: Record<(typeof outputKinds)[number], { name: string; unit: string }> = {
  meals: { name: '提供餐食', unit: '份' },
  rides: { name: '爱心接送', unit: '人次' },
  blood_ml: { name: '无偿献血', unit: '毫升' },
  people_helped: { name: '服务群众', unit: '人次' },
  lectures: { name: '宣讲场次', unit: '场' },
};

/** 星级志愿者: accumulated confirmed hours for 1 to 5 stars. */
export const starThresholdsHours = [100, 300, 600, 1000, 1500] as const;
export function starLevelFor(minutes: number): number {
  const hours = minutes / 60;
  let level = 0;
  for (const t of starThresholdsHours) if (hours >= t) level++;
  return level;
}

const isoInstant = z.iso.datetime({ offset: true, message: '时间格式不正确' });

export const activityInputSchema = z
  .strictObject({
    title: z.string().trim().min(2, { message: '活动名称至少2个字' }).max(100),
    kind: z.enum(activityKinds),
    teamId: z.uuid({ message: '请选择组织队伍' }),
    participatingTeamIds: z.array(z.uuid()).max(500).default([]),
    regionCode: regionCodeSchema,
    fieldId: z.string().max(36).nullish(),
    place: z.string().trim().min(2, { message: '请填写活动地点' }).max(120),
    startsAt: isoInstant,
    endsAt: isoInstant,
    capacity: z.number().int().min(1, { message: '人数上限至少为1' }).max(100000),
    serviceObject: z.string().trim().max(60).default(''),
    theme: z.string().trim().max(60).default(''),
    description: z.string().trim().max(2000).default(''),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    message: '结束时间应晚于开始时间',
    path: ['endsAt'],
  });
export type ActivityInput = z.infer<typeof activityInputSchema>;

export const activitySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(activityKinds),
  teamId: z.string(),
  teamName: z.string(),
  regionCode: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  accepted: z.number(),
  waitlisted: z.number(),
  serviceObject: z.string(),
  theme: z.string(),
  description: z.string(),
  status: z.enum(activityStatuses),
  cancelReason: z.string().nullable(),
  canManage: z.boolean(),
  /** Every team taking part (the organising team first), for a 集中统一活动 also the others. */
  participatingTeamIds: z.array(z.string()),
  participatingTeams: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The caller's own sign-up, for volunteers; `promoted` when it moved up from the waitlist. */
  mySignup: z
    .object({
      status: z.enum(['accepted', 'waitlisted']),
      position: z.number().nullable(),
      promoted: z.boolean(),
    })
    .nullable(),
});
export type Activity = z.infer<typeof activitySchema>;

export const serviceRecordSchema = z.object({
  id: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  teamId: z.string(),
  activityId: z.string().nullable(),
  activityName: z.string(),
  serviceDate: z.string(),
  place: z.string(),
  serviceObject: z.string(),
  content: z.string(),
  minutes: z.number(),
  quality: z.string(),
  personInCharge: z.string(),
  recorderName: z.string(),
  status: z.enum(['pending', 'confirmed', 'superseded']),
  confirmedAt: z.string().nullable(),
  correctsId: z.string().nullable(),
  correctionReason: z.string().nullable(),
});
export type ServiceRecord = z.infer<typeof serviceRecordSchema>;

export const outputKindSchema = z.enum(outputKinds);
export type OutputKind = (typeof outputKinds)[number];
export const outputSchema = z.object({ kind: outputKindSchema, quantity: z.number() });

/** Outputs added up over the activities of a team, brand or region in a year. */
export const outputTotalsSchema = z.object({
  year: z.number().nullable(),
  activities: z.number(),
  totals: z.array(z.object({ kind: outputKindSchema, quantity: z.number(), activities: z.number() })),
});
export type OutputTotals = z.infer<typeof outputTotalsSchema>;

/** Why an attendance has (or has not yet) produced a service record. */
export const attendanceOutcomes = [
  'recorded',
  'ready',
  'awaiting_review',
  'rejected',
  'too_short',
  'open',
] as const;
export type AttendanceOutcome = (typeof attendanceOutcomes)[number];
export const attendanceOutcomeLabels: Record<AttendanceOutcome, string> = {
  recorded: '已生成记录',
  ready: '可生成记录',
  awaiting_review: '固定码签到，待队长确认',
  rejected: '签到未获确认，不计时长',
  too_short: '签到不足1分钟，不生成记录',
  open: '尚未签退',
};

export const attendanceRowSchema = z.object({
  volunteerId: z.string(),
  name: z.string(),
  volunteerNo: z.string(),
  checkInAt: z.string(),
  checkOutAt: z.string().nullable(),
  method: z.enum(['code', 'fixed', 'proxy']),
  autoClosed: z.boolean(),
  needsConfirmation: z.boolean(),
  reviewResult: z.enum(['confirmed', 'rejected']).nullable(),
  reviewNote: z.string().nullable(),
  /** Minutes inside the activity's window (travel time does not count). */
  minutes: z.number().nullable(),
  outcome: z.enum(attendanceOutcomes),
  /** May the caller confirm or reject this one (organiser, or the leader of the member's team). */
  canReview: z.boolean(),
});
export type AttendanceRow = z.infer<typeof attendanceRowSchema>;

export const recordRequestStatuses = ['pending', 'accepted', 'rejected'] as const;
export const recordRequestStatusLabels = {
  pending: '待处理',
  accepted: '已同意更正',
  rejected: '未同意',
} as const;

export const recordRequestInputSchema = z.strictObject({
  recordId: z.uuid({ message: '请选择要更正的记录' }),
  minutes: z
    .number({ message: '请填写正确的时长（分钟）' })
    .int({ message: '时长按整分钟填写' })
    .min(1, { message: '时长至少1分钟' })
    .max(1440, { message: '时长不能超过1440分钟' }),
  reason: z.string().trim().min(2, { message: '请填写更正原因' }).max(200),
});
export type RecordRequestInput = z.infer<typeof recordRequestInputSchema>;

export const recordRequestSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  activityId: z.string().nullable(),
  activityName: z.string(),
  serviceDate: z.string(),
  currentMinutes: z.number(),
  minutes: z.number(),
  reason: z.string(),
  status: z.enum(recordRequestStatuses),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  newRecordId: z.string().nullable(),
  createdAt: z.string(),
});
export type RecordRequest = z.infer<typeof recordRequestSchema>;

/** Prefill for the activity form from a themed activity template (plans and calendar). */
export interface ActivityTemplate {
  id: string;
  title: string;
  theme: string;
  content: string;
  serviceFieldId: string | null;
  keyDateName: string | null;
}
