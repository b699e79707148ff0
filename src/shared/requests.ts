import { phoneSchema } from './identity';
import { regionCodeSchema } from './regions';
import { z } from './zod';

export const requestStatuses = [
  'submitted',
  'dispatched',
  'accepted',
  'completed',
  'rated',
  'cancelled',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const requestStatusLabels: Record<RequestStatus, string> = {
  submitted: '待派单',
  dispatched: '待接单',
  accepted: '服务中',
  completed: '待评价',
  rated: '已评价',
  cancelled: '已撤销',
};
export const requestSourceLabels = { public: '群众点单', station: '站点代报' } as const;
export const overdueStepLabels = { dispatch: '派单', accept: '接单' } as const;

const isoInstant = z.iso.datetime({ offset: true, message: '时间格式不正确' });

export const requestInputSchema = z.strictObject({
  fieldId: z.string().min(1, { message: '请选择服务类别' }).max(36),
  regionCode: regionCodeSchema,
  address: z.string().trim().min(2, { message: '请填写详细地址' }).max(120, { message: '地址不超过120字' }),
  wantedAt: isoInstant,
  description: z
    .string()
    .trim()
    .min(5, { message: '请说明需要什么帮助（至少5个字）' })
    .max(1000, { message: '说明不超过1000字' }),
  contactName: z.string().trim().min(1, { message: '请填写联系人' }).max(30, { message: '联系人不超过30字' }),
  phone: phoneSchema,
});
export type RequestInput = z.infer<typeof requestInputSchema>;

export const assignmentSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
  reason: z.string().nullable(),
  dispatchedAt: z.string(),
  dispatchedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const requestSummarySchema = z.object({
  id: z.string(),
  requestNo: z.string(),
  source: z.enum(['public', 'station']),
  fieldId: z.string(),
  fieldName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  /** 乡镇 · 村, for lists. */
  placeName: z.string(),
  address: z.string(),
  wantedAt: z.string(),
  contactName: z.string(),
  /** Always masked: 138****8000. */
  phone: z.string(),
  status: z.enum(requestStatuses),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  activityId: z.string().nullable(),
  dispatchDueAt: z.string(),
  acceptDueAt: z.string().nullable(),
  overdue: z.enum(['dispatch', 'accept']).nullable(),
  createdAt: z.string(),
  rating: z.number().nullable(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

export const requestDetailSchema = requestSummarySchema.extend({
  description: z.string(),
  dispatchedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  ratingComment: z.string().nullable(),
  ratedAt: z.string().nullable(),
  activityStatus: z.string().nullable(),
  assignments: z.array(assignmentSchema),
  canDispatch: z.boolean(),
  canAnswer: z.boolean(),
  canComplete: z.boolean(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const suggestionSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  regionName: z.string(),
  tier: z.enum(['village', 'township', 'county']),
  openAssignments: z.number(),
  reason: z.string(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const acceptInputSchema = z
  .strictObject({
    startsAt: isoInstant.optional(),
    endsAt: isoInstant.optional(),
    capacity: z.number().int().min(1, { message: '人数至少为1' }).max(500).optional(),
  })
  .refine((a) => !a.startsAt || !a.endsAt || Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    message: '结束时间应晚于开始时间',
    path: ['endsAt'],
  });

export const ratingInputSchema = z.strictObject({
  rating: z.number().int().min(1, { message: '请选择1至5星' }).max(5, { message: '请选择1至5星' }),
  comment: z.string().trim().max(500, { message: '评价不超过500字' }).default(''),
});

export const figuresSchema = z.object({
  total: z.number(),
  closed: z.number(),
  byField: z.array(z.object({ fieldName: z.string(), count: z.number() })),
  /** Average hours from filing to acceptance, over accepted requests. */
  avgAcceptHours: z.number().nullable(),
  /** Average rating 1–5 over rated requests. */
  satisfaction: z.number().nullable(),
  rated: z.number(),
});
export type RequestFigures = z.infer<typeof figuresSchema>;

// 紧急召集
export const callOutInputSchema = z
  .strictObject({
    title: z.string().trim().min(2, { message: '请填写召集事由' }).max(100),
    fieldId: z.string().min(1, { message: '请选择服务类别' }).max(36),
    countyCode: regionCodeSchema,
    includeNeighbours: z.boolean().default(false),
    place: z.string().trim().min(2, { message: '请填写集合地点' }).max(120),
    startsAt: isoInstant,
    endsAt: isoInstant,
    description: z.string().trim().max(2000).default(''),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    message: '结束时间应晚于开始时间',
    path: ['endsAt'],
  });
export type CallOutInput = z.infer<typeof callOutInputSchema>;

export const callOutSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  fieldName: z.string(),
  regionName: z.string(),
  includeNeighbours: z.boolean(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['open', 'closed']),
  activityId: z.string().nullable(),
  reached: z.number(),
  available: z.number(),
  unavailable: z.number(),
  createdAt: z.string(),
});
export type CallOutSummary = z.infer<typeof callOutSummarySchema>;

export const callOutDetailSchema = callOutSummarySchema.extend({
  description: z.string(),
  teams: z.array(
    z.object({
      teamId: z.string(),
      teamName: z.string(),
      regionName: z.string(),
      reached: z.number(),
      available: z.number(),
      unavailable: z.number(),
    }),
  ),
  members: z.array(
    z.object({
      volunteerId: z.string(),
      name: z.string(),
      teamName: z.string(),
      answer: z.enum(['available', 'unavailable']).nullable(),
      answeredAt: z.string().nullable(),
    }),
  ),
});
export type CallOutDetail = z.infer<typeof callOutDetailSchema>;

export const myCallOutSchema = z.object({
  id: z.string(),
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  description: z.string(),
  teamName: z.string(),
  status: z.enum(['open', 'closed']),
  answer: z.enum(['available', 'unavailable']).nullable(),
});
export type MyCallOut = z.infer<typeof myCallOutSchema>;
