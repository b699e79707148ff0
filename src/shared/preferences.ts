import { z } from './zod';

/** A person's own settings, kept with the account: 适老模式 follows them to any device they sign in on. */
export const preferencesSchema = z.object({
  /** 适老模式; null until the person has chosen (the browser's own setting then stands). */
  elderly: z.boolean().nullable(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const preferencesInputSchema = z.object({ elderly: z.boolean() }).strict();
export type PreferencesInput = z.infer<typeof preferencesInputSchema>;
