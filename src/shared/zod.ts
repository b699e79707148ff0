import { z } from 'zod';

// Validation messages in Chinese wherever a schema is used, on the server and in the browser.
z.config(z.locales.zhCN());

export { z };

/** A real calendar date, YYYY-MM-DD (not 2026-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: '日期不存在' },
  );
