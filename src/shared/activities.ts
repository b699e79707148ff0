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
  /** The caller's own sign-up, for volunteers. */
  mySignup: z
    .object({ status: z.enum(['accepted', 'waitlisted']), position: z.number().nullable() })
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
