import { z } from '../../shared/zod';
import { posterSizes, posterTemplates } from './poster.render';

export const storyChannels = ['wechat', 'tv', 'poster', 'other'] as const;
export const storyStatuses = ['draft', 'reviewed', 'published'] as const;
export const storySubjectKinds = ['team', 'volunteer', 'activity', 'brand'] as const;

/**
 * The story body: a short list of typed blocks. Text is plain text (rendered escaped); the only markup
 * is a bold flag on a span. Raw HTML is never stored or rendered.
 */
const spanSchema = z.strictObject({
  text: z.string().max(5000, { message: '段落过长' }),
  bold: z.boolean().optional(),
});
export const storyBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('heading'),
    text: z.string().trim().min(1, { message: '小标题不能为空' }).max(100, { message: '小标题不超过100字' }),
  }),
  z.strictObject({
    type: z.literal('paragraph'),
    spans: z.array(spanSchema).min(1, { message: '段落不能为空' }).max(200),
  }),
  z.strictObject({
    type: z.literal('quote'),
    text: z.string().trim().min(1, { message: '引文不能为空' }).max(1000, { message: '引文不超过1000字' }),
  }),
  z.strictObject({
    type: z.literal('image'),
    mediaId: z.uuid({ message: '图片编号不正确' }),
    caption: z.string().trim().max(100, { message: '图片说明不超过100字' }).default(''),
  }),
]);
export type StoryBlock = z.infer<typeof storyBlockSchema>;

export const storyInputSchema = z.strictObject({
  title: z.string().trim().min(2, { message: '标题至少2个字' }).max(100, { message: '标题不超过100字' }),
  summary: z.string().trim().max(300, { message: '摘要不超过300字' }).default(''),
  body: z.array(storyBlockSchema).min(1, { message: '请填写正文' }).max(200, { message: '正文段落过多' }),
  coverMediaId: z.uuid({ message: '封面图片编号不正确' }).nullable().default(null),
  channel: z.enum(storyChannels, { message: '请选择发布渠道' }),
  subjectKind: z.enum(storySubjectKinds).nullable().default(null),
  subjectId: z.uuid({ message: '宣传对象编号不正确' }).nullable().default(null),
});
export type StoryInput = z.infer<typeof storyInputSchema>;

export const storySchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.array(storyBlockSchema),
  coverMediaId: z.string().nullable(),
  channel: z.enum(storyChannels),
  status: z.enum(storyStatuses),
  subjectKind: z.enum(storySubjectKinds).nullable(),
  subjectId: z.string().nullable(),
  subjectName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  reviewedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  version: z.number(),
  /** May the caller review, publish, return or withdraw it (county and city bureaus, in their region). */
  mayPublish: z.boolean(),
});
export type Story = z.infer<typeof storySchema>;

export const storyListItemSchema = storySchema.omit({ body: true });

export const publicStorySchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  body: z.array(storyBlockSchema),
  coverUrl: z.string().nullable(),
  channel: z.enum(storyChannels),
  subjectKind: z.enum(storySubjectKinds).nullable(),
  subjectName: z.string().nullable(),
  regionName: z.string(),
  publishedAt: z.string(),
});
export const publicStoryItemSchema = publicStorySchema.omit({ body: true });

export const posterInputSchema = z.strictObject({
  subjectKind: z.enum(['volunteer', 'team'], { message: '请选择海报对象' }),
  subjectId: z.uuid({ message: '请选择海报对象' }),
  template: z.enum(posterTemplates, { message: '请选择模板' }),
  size: z.enum(Object.keys(posterSizes) as [keyof typeof posterSizes], { message: '请选择尺寸' }),
  quote: z.string().trim().max(40, { message: '寄语不超过40字' }).default(''),
  photoMediaId: z.uuid({ message: '照片编号不正确' }).nullable().default(null),
});
export type PosterInput = z.infer<typeof posterInputSchema>;

export const posterSchema = z.object({
  id: z.string(),
  subjectKind: z.enum(['volunteer', 'team']),
  subjectId: z.string(),
  subjectName: z.string(),
  template: z.string(),
  size: z.string(),
  width: z.number(),
  height: z.number(),
  quote: z.string(),
  status: z.enum(['saved', 'published']),
  regionCode: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  mayPublish: z.boolean(),
});
export type Poster = z.infer<typeof posterSchema>;

export const publicPosterSchema = z.object({
  id: z.string(),
  subjectKind: z.enum(['volunteer', 'team']),
  subjectName: z.string(),
  width: z.number(),
  height: z.number(),
  imageUrl: z.string(),
  publishedAt: z.string(),
});

export const subjectHitSchema = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string(),
  /** Volunteers only: consent to publicity, when and by whom it was recorded. */
  consent: z.boolean().nullable(),
  consentAt: z.string().nullable(),
});

export const mediaSchema = z.object({
  id: z.string(),
  mime: z.string(),
  size: z.number(),
  width: z.number(),
  height: z.number(),
  url: z.string(),
});

export const portalSummarySchema = z.object({
  regionName: z.string(),
  counties: z.number(),
  teams: z.number(),
  volunteers: z.number(),
  confirmedHours: z.number(),
  brands: z.number(),
  publishedStories: z.number(),
});

export const portalStationSchema = z.object({
  countyCode: z.string(),
  countyName: z.string(),
  name: z.string(),
  address: z.string(),
  /** Only a fixed-line office number; a mobile number (a person's) is never shown. */
  phone: z.string().nullable(),
});
