import { hoursOf } from './hours';
import { z } from './zod';

/** What a 志愿服务记录证明 certifies (民政部令第67号; content list of 民发〔2015〕149号). */
export const certificateContentSchema = z.object({
  number: z.string(),
  name: z.string(),
  idType: z.string(),
  idNumberMasked: z.string(),
  volunteerNo: z.string(),
  totalMinutes: z.number(),
  serviceSummary: z.string(),
  records: z.array(
    z.object({ date: z.string(), activity: z.string(), content: z.string(), minutes: z.number() }),
  ),
  issuer: z.string(),
  personInCharge: z.string(),
  handler: z.string(),
  contact: z.string(),
  issuedOn: z.string(),
});
export type CertificateContent = z.infer<typeof certificateContentSchema>;

export const certificateSchema = z.object({
  id: z.string(),
  number: z.string(),
  issuedAt: z.string(),
  totalMinutes: z.number(),
  verifyPath: z.string(),
});

export const verificationSchema = z.object({
  genuine: z.boolean(),
  number: z.string(),
  /** 张** — enough to match the paper in hand, not to identify a stranger. */
  holder: z.string(),
  totalHours: z.number(),
  issuer: z.string(),
  issuedOn: z.string(),
});
export type Verification = z.infer<typeof verificationSchema>;

/** Hours to one decimal, as certificates and the volunteer's page show them. */
export const formatHours = (minutes: number): number => hoursOf(minutes, 1);
