import { z } from './zod';

/**
 * Message templates, in Chinese. `{name}` placeholders are filled from the params; `outbound` says whether
 * the message also goes out by SMS / WeChat to volunteers and requesters (staff read the inbox).
 */
export const notificationTemplates = {
  request_submitted: {
    title: '新的群众点单',
    body: '收到群众点单 {requestNo}（{field}，{place}），请在 {due} 前派单。',
    outbound: false,
  },
  request_assigned: {
    title: '新的派单',
    body: '您的队伍收到派单 {requestNo}（{field}，{place}，期望时间 {wanted}），请在 {due} 前接单或退回。',
    outbound: false,
  },
  request_accepted: {
    title: '点单已接单',
    body: '群众点单 {requestNo} 已由“{team}”接单，已生成活动“{activity}”。',
    outbound: false,
  },
  request_declined: {
    title: '点单被退回',
    body: '群众点单 {requestNo} 被“{team}”退回，原因：{reason}。请重新派单。',
    outbound: false,
  },
  request_overdue: {
    title: '点单超时',
    body: '群众点单 {requestNo} {step}已超时，请督办。',
    outbound: false,
  },
  requester_received: {
    title: '点单已受理',
    body: '【戎志】您的点单已受理，编号 {requestNo}。我们将尽快安排志愿服务队伍与您联系。',
    outbound: true,
  },
  requester_accepted: {
    title: '点单已接单',
    body: '【戎志】您的点单 {requestNo} 已由“{team}”接单，服务时间 {wanted}。',
    outbound: true,
  },
  requester_rate: {
    title: '请评价本次服务',
    body: '【戎志】您的点单 {requestNo} 已服务完成，请点击链接评价：{link}',
    outbound: true,
  },
  call_out: {
    title: '紧急召集',
    body: '紧急召集：{title}。地点 {place}，时间 {time}。请尽快回复能否参加。',
    outbound: true,
  },
  activity_reminder_day: {
    title: '活动提醒',
    body: '您报名的活动“{title}”将于明天 {time} 在 {place} 开始，请准时参加。',
    outbound: true,
  },
  activity_reminder_hours: {
    title: '活动提醒',
    body: '您报名的活动“{title}”将于两小时后（{time}）在 {place} 开始，请准时参加。',
    outbound: true,
  },
} as const;
export type NotificationTemplate = keyof typeof notificationTemplates;

/** Fills a template; a missing param stays visible as its placeholder, never "undefined". */
export function renderTemplate(
  template: NotificationTemplate,
  params: Record<string, string | number>,
): { title: string; body: string } {
  const t = notificationTemplates[template];
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
  return { title: fill(t.title), body: fill(t.body) };
}

export const notificationSchema = z.object({
  id: z.string(),
  template: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const inboxSchema = z.object({ items: z.array(notificationSchema), unread: z.number() });
export type Inbox = z.infer<typeof inboxSchema>;

export const outboundChannels = ['sms', 'wechat'] as const;
export const outboundChannelLabels = { sms: '短信', wechat: '微信模板消息' } as const;

export const outboxEntrySchema = z.object({
  id: z.string(),
  channel: z.enum(outboundChannels),
  recipient: z.string(),
  template: z.string(),
  body: z.string(),
  status: z.enum(['logged', 'sent', 'failed']),
  createdAt: z.string(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
