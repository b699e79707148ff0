import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { caseVisibility, scopeOf } from '../identity/scope';
import { BrandsService } from './brands.service';

export interface CaseInput {
  highlightId: string;
  title: string;
  fieldId: string | null;
  background: string;
  actions: string;
  results: string;
}

export interface CaseFilter {
  q?: string;
  fieldId?: string;
  status?: 'draft' | 'published';
  brandId?: string;
}

/** LIKE wildcards are dropped from the search text (escaping differs between the two dialects). */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, '')}%`;

/**
 * 典型案例: a brand's highlight written up (background, what was done, results) for other counties to
 * learn from. Published cases are for every business staff member; drafts only for the brand's county
 * and above.
 */
export class CasesService {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('typicalCases')
      .innerJoin('brands', 'brands.id', 'typicalCases.brandId')
      .innerJoin('regions', 'regions.code', 'typicalCases.regionCode')
      .leftJoin('brandHighlights', 'brandHighlights.id', 'typicalCases.highlightId')
      .leftJoin('serviceFields', 'serviceFields.id', 'typicalCases.fieldId')
      .select([
        'typicalCases.id',
        'typicalCases.title',
        'typicalCases.brandId',
        'brands.name as brandName',
        'typicalCases.regionCode',
        'regions.name as countyName',
        'typicalCases.highlightId',
        'brandHighlights.title as highlightTitle',
        'typicalCases.fieldId',
        'serviceFields.name as fieldName',
        'typicalCases.status',
        'typicalCases.publishedAt',
        'typicalCases.updatedAt',
      ]);
  }

  async list(actor: Actor, filter: CaseFilter) {
    const scope = scopeOf(actor);
    let q = this.base().where((eb) => caseVisibility(scope)(eb as never));
    if (filter.status) q = q.where('typicalCases.status', '=', filter.status);
    if (filter.brandId) q = q.where('typicalCases.brandId', '=', filter.brandId);
    if (filter.fieldId) {
      const fieldId = filter.fieldId;
      q = q.where((eb) =>
        eb.or([
          eb('typicalCases.fieldId', '=', fieldId),
          eb.exists(
            eb
              .selectFrom('brandTeams')
              .innerJoin('teamFields', 'teamFields.teamId', 'brandTeams.teamId')
              .select('brandTeams.teamId')
              .whereRef('brandTeams.brandId', '=', 'typicalCases.brandId')
              .where('teamFields.fieldId', '=', fieldId),
          ),
        ]),
      );
    }
    const text = filter.q?.trim();
    if (text) {
      const pattern = likeText(text);
      q = q.where((eb) =>
        eb.or(
          (
            [
              'typicalCases.title',
              'typicalCases.background',
              'typicalCases.actions',
              'typicalCases.results',
              'brands.name',
            ] as const
          ).map((col) => eb(col, 'like', pattern)),
        ),
      );
    }
    return q.orderBy('typicalCases.updatedAt', 'desc').execute();
  }

  async get(actor: Actor, id: string) {
    const scope = scopeOf(actor);
    const row = await this.base()
      .select(['typicalCases.background', 'typicalCases.actions', 'typicalCases.results'])
      .where('typicalCases.id', '=', id)
      .where((eb) => caseVisibility(scope)(eb as never))
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '案例不存在，或尚未发布');
    const brands = new BrandsService(this.db);
    return { ...row, brandOutputs: await brands.outputs(row.brandId) };
  }

  private async highlightOf(actor: Actor, highlightId: string) {
    const row = await this.db
      .selectFrom('brandHighlights')
      .innerJoin('brands', 'brands.id', 'brandHighlights.brandId')
      .select(['brandHighlights.id', 'brands.id as brandId', 'brands.countyCode'])
      .where('brandHighlights.id', '=', highlightId)
      .executeTakeFirst();
    if (!row) throw new AppError('VALIDATION_FAILED', '请选择品牌亮点', { field: 'highlightId' });
    new BrandsService(this.db).requireKeeper(actor, row.countyCode);
    return row;
  }

  private async checkField(fieldId: string | null) {
    if (!fieldId) return;
    const f = await this.db
      .selectFrom('serviceFields')
      .select('id')
      .where('id', '=', fieldId)
      .executeTakeFirst();
    if (!f) throw new AppError('VALIDATION_FAILED', '服务领域不存在', { field: 'fieldId' });
  }

  async create(actor: Actor, input: CaseInput, context: AuditContext) {
    const hl = await this.highlightOf(actor, input.highlightId);
    await this.checkField(input.fieldId);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('typicalCases')
        .values({
          id,
          brandId: hl.brandId,
          highlightId: hl.id,
          regionCode: hl.countyCode,
          fieldId: input.fieldId,
          title: input.title,
          background: input.background,
          actions: input.actions,
          results: input.results,
          status: 'draft',
          publishedAt: null,
          createdBy: actor.accountId,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'case.create',
        result: 'success',
        targetType: 'typical_case',
        targetId: id,
        regionCode: hl.countyCode,
        detail: { title: input.title },
      });
    });
    return id;
  }

  private async kept(actor: Actor, id: string) {
    const row = await this.db
      .selectFrom('typicalCases')
      .select(['id', 'regionCode', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '案例不存在');
    new BrandsService(this.db).requireKeeper(actor, row.regionCode);
    return row;
  }

  async update(actor: Actor, id: string, input: CaseInput, context: AuditContext) {
    const row = await this.kept(actor, id);
    const hl = await this.highlightOf(actor, input.highlightId);
    if (hl.countyCode !== row.regionCode)
      throw new AppError('VALIDATION_FAILED', '亮点应属于本县(市、区)的品牌', { field: 'highlightId' });
    await this.checkField(input.fieldId);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('typicalCases')
        .set({
          brandId: hl.brandId,
          highlightId: hl.id,
          fieldId: input.fieldId,
          title: input.title,
          background: input.background,
          actions: input.actions,
          results: input.results,
          updatedAt: new Date().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'case.update',
        result: 'success',
        targetType: 'typical_case',
        targetId: id,
        regionCode: row.regionCode,
      });
    });
  }

  async setStatus(actor: Actor, id: string, status: 'draft' | 'published', context: AuditContext) {
    const row = await this.kept(actor, id);
    if (row.status === status) return;
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('typicalCases')
        .set({ status, publishedAt: status === 'published' ? now : null, updatedAt: now })
        .where('id', '=', id)
        .execute();
      await new AuditRepo(tx).write(context, {
        action: status === 'published' ? 'case.publish' : 'case.unpublish',
        result: 'success',
        targetType: 'typical_case',
        targetId: id,
        regionCode: row.regionCode,
      });
    });
  }
}
