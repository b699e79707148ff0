import type { FormInstance, FormRule as Rule } from 'antd';
import type { z } from '../shared/zod';
import { ApiError } from './api';

/**
 * An antd form rule from a shared zod schema, so a field is checked in the browser with the same
 * rule and the same Chinese message as on the server.
 */
export function zodRule(schema: z.ZodType): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? '');
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '');
    },
  };
}

/**
 * Put a server error on the form field it names (`{error: {field}}`), when the form has that field.
 * Returns false when the error belongs to no field here: the caller shows it above the form.
 */
export function showFieldError(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !error.field || !fields.includes(error.field)) return false;
  form.setFields([{ name: error.field, errors: [error.message] }]);
  form.scrollToField(error.field, { block: 'center' });
  form.focusField(error.field);
  return true;
}
