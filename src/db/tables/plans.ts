import type { Generated } from 'kysely';

/** 主题活动模板 (0007): a themed activity, optionally attached to a key date by its name. */
export interface ActivityTemplatesTable {
  id: string;
  title: string;
  theme: Generated<string>;
  content: Generated<string>;
  serviceFieldId: string | null;
  keyDateName: string | null;
  regionCode: string;
  createdBy: string | null;
  createdAt: string;
}

/** Tables added with 0007 (plans and calendar). Each table: an interface here and a key in `PlansCalendarTables`. */
export interface PlansCalendarTables {
  activityTemplates: ActivityTemplatesTable;
}
