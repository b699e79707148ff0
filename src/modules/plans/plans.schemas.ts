import { z } from '../../shared/zod';

/** Schemas shared by the plans and the calendar routes. */
export const yearSchema = z.coerce
  .number({ message: '年份不正确' })
  .int({ message: '年份不正确' })
  .min(2000, { message: '年份不正确' })
  .max(2100, { message: '年份不正确' });

export const monthSchema = z.coerce
  .number({ message: '月份应为1至12' })
  .int({ message: '月份应为1至12' })
  .min(1, { message: '月份应为1至12' })
  .max(12, { message: '月份应为1至12' });

export const idParams = z.strictObject({ id: z.uuid({ message: '编号不正确' }) });
