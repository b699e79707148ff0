import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { ancestorCodes } from '../../shared/regions';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepActivityTemplates, mayKeepCityCalendar } from '../identity/policy';
import { regionManageable, scopeOf, scopeRegion, subtreeBounds } from '../identity/scope';

export interface LocalKeyDateInput {
  date: string;
  name: string;
  theme: string;
}

export interface TemplateInput {
  title: string;
  theme: string;
  content: string;
  serviceFieldId?: string | null;
  keyDateName?: string | null;
}

const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** 本市录入的重要节点, 法定节假日与调休, 主题活动模板. */
export class CalendarService {
  constructor(private readonly db: Kysely<DB>) {}

  // ---- 本市录入的重要节点 (city only) ----

  private keepCalendar(actor: Actor, what: string) {
    if (!mayKeepCityCalendar(actor)) throw new AppError('FORBIDDEN', `${what}由市级维护`);
  }

  /** Another local date with the same day and name (the unique index backs this up under races). */
  private async refuseClash(tx: Kysely<DB>, input: LocalKeyDateInput, id: string) {
    const clash = await tx
      .selectFrom('localKeyDates')
      .select('id')
      .where('date', '=', input.date)
      .where('name', '=', input.name)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', '同一天已有同名节点', { field: 'name' });
  }

  async listLocalDates(year: number) {
    const { from, to } = yearBounds(year);
    const rows = await this.db
      .selectFrom('localKeyDates')
      .selectAll()
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: r.id, date: r.date, name: r.name, theme: r.themeTemplate }));
  }

  async addLocalDate(actor: Actor, input: LocalKeyDateInput, context: AuditContext) {
    this.keepCalendar(actor, '本地重要节点');
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await this.refuseClash(tx, input, id);
      await tx
        .insertInto('localKeyDates')
        .values({ id, date: input.date, name: input.name, themeTemplate: input.theme })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'calendar.key_date.create',
        result: 'success',
        targetType: 'key_date',
        targetId: id,
        regionCode: actor.regionCode,
        detail: { ...input },
      });
    });
    return { id, ...input };
  }

  async updateLocalDate(actor: Actor, id: string, input: LocalKeyDateInput, context: AuditContext) {
    this.keepCalendar(actor, '本地重要节点');
    const row = await this.db
      .selectFrom('localKeyDates')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '重要节点不存在');
    await this.db.transaction().execute(async (tx) => {
      await this.refuseClash(tx, input, id);
      await tx
        .updateTable('localKeyDates')
        .set({ date: input.date, name: input.name, themeTemplate: input.theme })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'calendar.key_date.update',
        result: 'success',
        targetType: 'key_date',
        targetId: id,
        regionCode: actor.regionCode,
        detail: { ...input },
      });
    });
    return { id, ...input };
  }

  async removeLocalDate(actor: Actor, id: string, context: AuditContext) {
    this.keepCalendar(actor, '本地重要节点');
    const row = await this.db.selectFrom('localKeyDates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '重要节点不存在');
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('localKeyDates').where('id', '=', id).execute();
      await new AuditRepo(tx).write(context, {
        action: 'calendar.key_date.delete',
        result: 'success',
        targetType: 'key_date',
        targetId: id,
        regionCode: actor.regionCode,
        detail: { date: row.date, name: row.name },
      });
    });
  }

  // ---- 法定节假日与调休 (city keeps, everyone reads) ----

  async listWorkingDays(year: number) {
    const { from, to } = yearBounds(year);
    const rows = await this.db
      .selectFrom('workingDays')
      .selectAll()
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .execute();
    return rows.map((r) => ({ date: r.date, isWorkday: Number(r.isWorkday) === 1, note: r.note }));
  }

  async setWorkingDay(
    actor: Actor,
    date: string,
    input: { isWorkday: boolean; note: string },
    context: AuditContext,
  ) {
    this.keepCalendar(actor, '节假日与调休');
    const weekday = weekdayOf(date);
    if (input.isWorkday && weekday !== 0 && weekday !== 6)
      throw new AppError('VALIDATION_FAILED', '该日本是工作日，无需登记为调休上班', { field: 'isWorkday' });
    const values = { isWorkday: input.isWorkday ? 1 : 0, note: input.note };
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('workingDays')
        .values({ date, ...values })
        .onConflict((oc) => oc.column('date').doUpdateSet(values))
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'calendar.working_day.set',
        result: 'success',
        targetType: 'working_day',
        targetId: date,
        regionCode: actor.regionCode,
        detail: { ...input },
      });
    });
    return { date, ...input };
  }

  async removeWorkingDay(actor: Actor, date: string, context: AuditContext) {
    this.keepCalendar(actor, '节假日与调休');
    const row = await this.db
      .selectFrom('workingDays')
      .selectAll()
      .where('date', '=', date)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '该日期未登记');
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('workingDays').where('date', '=', date).execute();
      await new AuditRepo(tx).write(context, {
        action: 'calendar.working_day.delete',
        result: 'success',
        targetType: 'working_day',
        targetId: date,
        regionCode: actor.regionCode,
        detail: { isWorkday: Number(row.isWorkday) === 1, note: row.note },
      });
    });
  }

  // ---- 主题活动模板 ----

  /**
   * Templates a person may use: those of their own region, of the regions above it (the city's reach
   * every county) and, for region staff, of the regions below it. None for volunteers and the 三员.
   */
  private templatesQuery(actor: Actor) {
    const scope = scopeOf(actor);
    const home = scopeRegion(scope);
    let q = this.db
      .selectFrom('activityTemplates')
      .leftJoin('serviceFields', 'serviceFields.id', 'activityTemplates.serviceFieldId')
      .innerJoin('regions', 'regions.code', 'activityTemplates.regionCode')
      .select([
        'activityTemplates.id',
        'activityTemplates.title',
        'activityTemplates.theme',
        'activityTemplates.content',
        'activityTemplates.serviceFieldId',
        'serviceFields.name as serviceFieldName',
        'activityTemplates.keyDateName',
        'activityTemplates.regionCode',
        'regions.name as regionName',
      ]);
    if (!home || actor.sessionKind !== 'staff') return q.where('activityTemplates.id', '=', '');
    const above = [home, ...ancestorCodes(home)];
    if (scope.kind === 'region') {
      const { lo, hi } = subtreeBounds(home);
      q = q.where((eb) =>
        eb.or([
          eb('activityTemplates.regionCode', 'in', above),
          eb.and([
            eb('activityTemplates.regionCode', '>=', lo),
            eb('activityTemplates.regionCode', '<=', hi),
          ]),
        ]),
      );
    } else {
      q = q.where('activityTemplates.regionCode', 'in', above);
    }
    return q;
  }

  async listTemplates(actor: Actor, keyDateName?: string) {
    let q = this.templatesQuery(actor);
    if (keyDateName) q = q.where('activityTemplates.keyDateName', '=', keyDateName);
    const rows = await q
      .orderBy('activityTemplates.keyDateName')
      .orderBy('activityTemplates.createdAt')
      .execute();
    return rows.map((r) => ({ ...r, serviceFieldName: r.serviceFieldName ?? null }));
  }

  /** The contract the activity form prefills from (`/activities/new?template=<id>`). */
  async template(actor: Actor, id: string) {
    const row = await this.templatesQuery(actor).where('activityTemplates.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '活动模板不存在或您无权查看');
    return {
      id: row.id,
      title: row.title,
      theme: row.theme,
      content: row.content,
      serviceFieldId: row.serviceFieldId,
      keyDateName: row.keyDateName,
    };
  }

  async createTemplate(actor: Actor, input: TemplateInput, context: AuditContext) {
    if (!mayKeepActivityTemplates(actor)) throw new AppError('FORBIDDEN', '主题活动模板由市、县两级维护');
    const regionCode = scopeRegion(scopeOf(actor));
    if (!regionCode) throw new AppError('FORBIDDEN', '主题活动模板由市、县两级维护');
    if (input.serviceFieldId) {
      const field = await this.db
        .selectFrom('serviceFields')
        .select('id')
        .where('id', '=', input.serviceFieldId)
        .executeTakeFirst();
      if (!field) throw new AppError('VALIDATION_FAILED', '服务领域不存在', { field: 'serviceFieldId' });
    }
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('activityTemplates')
        .values({
          id,
          title: input.title,
          theme: input.theme,
          content: input.content,
          serviceFieldId: input.serviceFieldId ?? null,
          keyDateName: input.keyDateName || null,
          regionCode,
          createdBy: actor.accountId,
          createdAt: new Date().toISOString(),
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'activity_template.create',
        result: 'success',
        targetType: 'activity_template',
        targetId: id,
        regionCode,
        detail: { title: input.title, keyDateName: input.keyDateName ?? null },
      });
    });
    return this.template(actor, id);
  }

  async removeTemplate(actor: Actor, id: string, context: AuditContext) {
    if (!mayKeepActivityTemplates(actor)) throw new AppError('FORBIDDEN', '主题活动模板由市、县两级维护');
    const row = await this.db
      .selectFrom('activityTemplates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '活动模板不存在');
    if (!regionManageable(scopeOf(actor), row.regionCode))
      throw new AppError('OUT_OF_SCOPE', '只能删除本级或下级制定的模板');
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('activityTemplates').where('id', '=', id).execute();
      await new AuditRepo(tx).write(context, {
        action: 'activity_template.delete',
        result: 'success',
        targetType: 'activity_template',
        targetId: id,
        regionCode: row.regionCode,
        detail: { title: row.title },
      });
    });
  }
}
