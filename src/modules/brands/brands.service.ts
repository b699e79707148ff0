import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { mayKeepBrands } from '../identity/policy';
import { isRegionWithin, scopeOf, subtreeBounds } from '../identity/scope';
import { outputsOf } from '../activities/outputs';

export interface BrandInput {
  name: string;
  countyCode: string;
  description: string;
  teamIds: string[];
}

/** Brands are public (the portal shows them by county); county and city staff keep them. */
export class BrandsService {
  constructor(private readonly db: Kysely<DB>) {}

  /** Every brand under a region (public read), with its teams and highlights. */
  async list(regionCode: string) {
    const { lo, hi } = subtreeBounds(regionCode);
    const brands = await this.db
      .selectFrom('brands')
      .innerJoin('regions', 'regions.code', 'brands.countyCode')
      .select([
        'brands.id',
        'brands.name',
        'brands.countyCode',
        'regions.name as countyName',
        'brands.description',
      ])
      .where('brands.countyCode', '>=', lo)
      .where('brands.countyCode', '<=', hi)
      .orderBy('brands.countyCode')
      .orderBy('brands.name')
      .execute();
    const ids = brands.map((b) => b.id);
    const [teams, highlights] = ids.length
      ? await Promise.all([
          this.db
            .selectFrom('brandTeams')
            .innerJoin('teams', 'teams.id', 'brandTeams.teamId')
            .select(['brandTeams.brandId', 'teams.id', 'teams.name'])
            .where('brandTeams.brandId', 'in', ids)
            .execute(),
          this.db
            .selectFrom('brandHighlights')
            .selectAll()
            .where('brandId', 'in', ids)
            .orderBy('createdAt')
            .execute(),
        ])
      : [[], []];
    return brands.map((b) => ({
      ...b,
      teams: teams.filter((t) => t.brandId === b.id).map(({ id, name }) => ({ id, name })),
      highlights: highlights
        .filter((h) => h.brandId === b.id)
        .map(({ id, title, body }) => ({ id, title, body })),
    }));
  }

  /** 一县一品牌、一个品牌一个亮点, for the counties under a region. */
  async coverage(regionCode: string) {
    const { lo, hi } = subtreeBounds(regionCode);
    const counties = await this.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('level', '=', 'county')
      .where('code', '>=', lo)
      .where('code', '<=', hi)
      .orderBy('code')
      .execute();
    const brands = await this.list(regionCode);
    const withBrand = new Set(brands.map((b) => b.countyCode));
    return {
      counties: counties.length,
      countiesWithBrand: counties.filter((c) => withBrand.has(c.code)).length,
      brands: brands.length,
      brandsWithHighlight: brands.filter((b) => b.highlights.length > 0).length,
      countiesWithoutBrand: counties.filter((c) => !withBrand.has(c.code)),
      brandsWithoutHighlight: brands
        .filter((b) => b.highlights.length === 0)
        .map(({ id, name, countyName }) => ({ id, name, countyName })),
    };
  }

  /** One brand with its teams and highlights (public facts), or NOT_FOUND. */
  async get(id: string) {
    const brand = await this.db
      .selectFrom('brands')
      .innerJoin('regions', 'regions.code', 'brands.countyCode')
      .select([
        'brands.id',
        'brands.name',
        'brands.countyCode',
        'regions.name as countyName',
        'brands.description',
        'brands.updatedAt',
      ])
      .where('brands.id', '=', id)
      .executeTakeFirst();
    if (!brand) throw new AppError('NOT_FOUND', '品牌不存在');
    const [teams, highlights] = await Promise.all([
      this.db
        .selectFrom('brandTeams')
        .innerJoin('teams', 'teams.id', 'brandTeams.teamId')
        .select(['teams.id', 'teams.name'])
        .where('brandTeams.brandId', '=', id)
        .orderBy('teams.name')
        .execute(),
      this.db
        .selectFrom('brandHighlights')
        .select(['id', 'title', 'body', 'createdAt'])
        .where('brandId', '=', id)
        .orderBy('createdAt')
        .execute(),
    ]);
    return { ...brand, teams, highlights };
  }

  /**
   * What the brand's teams have done: confirmed service hours (service records) and the outputs of the
   * activities they organised (published, ongoing or completed; activity outputs), read-only.
   */
  async outputs(brandId: string) {
    const teamIds = (
      await this.db.selectFrom('brandTeams').select('teamId').where('brandId', '=', brandId).execute()
    ).map((t) => t.teamId);
    if (!teamIds.length)
      return { confirmedMinutes: 0, records: 0, volunteers: 0, activities: 0, outputs: [] };
    const [records, outputs] = await Promise.all([
      this.db
        .selectFrom('serviceRecords')
        .select((eb) => [
          eb.fn.coalesce(eb.fn.sum<number | string>('minutes'), eb.lit(0)).as('minutes'),
          eb.fn.countAll<number | string>().as('records'),
          eb.fn.count<number | string>('volunteerId').distinct().as('volunteers'),
        ])
        .where('teamId', 'in', teamIds)
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow(),
      outputsOf(this.db, { organisedBy: teamIds }),
    ]);
    return {
      confirmedMinutes: Number(records.minutes),
      records: Number(records.records),
      volunteers: Number(records.volunteers),
      activities: outputs.activities,
      outputs: outputs.totals.map((o) => ({ kind: o.kind as string, quantity: o.quantity })),
    };
  }

  private async checkTeams(countyCode: string, teamIds: string[]) {
    if (!teamIds.length) return;
    const { lo, hi } = subtreeBounds(countyCode);
    const teams = await this.db
      .selectFrom('teams')
      .select('id')
      .where('id', 'in', teamIds)
      .where('regionCode', '>=', lo)
      .where('regionCode', '<=', hi)
      .execute();
    if (teams.length !== new Set(teamIds).size)
      throw new AppError('VALIDATION_FAILED', '品牌队伍应在本县(市、区)内', { field: 'teamIds' });
  }

  async update(
    actor: Actor,
    id: string,
    input: { name: string; description: string; teamIds: string[] },
    context: AuditContext,
  ) {
    const brand = await this.db
      .selectFrom('brands')
      .select(['id', 'countyCode'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!brand) throw new AppError('NOT_FOUND', '品牌不存在');
    this.requireKeeper(actor, brand.countyCode);
    const same = await this.db
      .selectFrom('brands')
      .select('id')
      .where('name', '=', input.name)
      .where('id', '!=', id)
      .executeTakeFirst();
    if (same) throw new AppError('CONFLICT', '已有同名品牌', { field: 'name' });
    await this.checkTeams(brand.countyCode, input.teamIds);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('brands')
        .set({ name: input.name, description: input.description, updatedAt: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await tx.deleteFrom('brandTeams').where('brandId', '=', id).execute();
      if (input.teamIds.length)
        await tx
          .insertInto('brandTeams')
          .values([...new Set(input.teamIds)].map((teamId) => ({ brandId: id, teamId })))
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'brand.update',
        result: 'success',
        targetType: 'brand',
        targetId: id,
        regionCode: brand.countyCode,
        detail: { name: input.name, teams: input.teamIds.length },
      });
    });
  }

  async updateHighlight(
    actor: Actor,
    highlightId: string,
    title: string,
    body: string,
    context: AuditContext,
  ) {
    const row = await this.db
      .selectFrom('brandHighlights')
      .innerJoin('brands', 'brands.id', 'brandHighlights.brandId')
      .select(['brandHighlights.id', 'brands.id as brandId', 'brands.countyCode'])
      .where('brandHighlights.id', '=', highlightId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '亮点不存在');
    this.requireKeeper(actor, row.countyCode);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('brandHighlights').set({ title, body }).where('id', '=', highlightId).execute();
      await new AuditRepo(tx).write(context, {
        action: 'brand.highlight.update',
        result: 'success',
        targetType: 'brand',
        targetId: row.brandId,
        regionCode: row.countyCode,
      });
    });
  }

  requireKeeper(actor: Actor, countyCode: string) {
    const scope = scopeOf(actor);
    if (!mayKeepBrands(actor) || scope.kind !== 'region')
      throw new AppError('FORBIDDEN', '品牌由县级及以上退役军人事务部门维护');
    if (!isRegionWithin(countyCode, scope.regionCode))
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'countyCode' });
  }

  async create(actor: Actor, input: BrandInput, context: AuditContext) {
    this.requireKeeper(actor, input.countyCode);
    const county = await this.db
      .selectFrom('regions')
      .select('level')
      .where('code', '=', input.countyCode)
      .executeTakeFirst();
    if (!county || (county.level !== 'county' && county.level !== 'city')) {
      throw new AppError('VALIDATION_FAILED', '品牌应属于一个县(市、区)', { field: 'countyCode' });
    }
    if (await this.db.selectFrom('brands').select('id').where('name', '=', input.name).executeTakeFirst()) {
      throw new AppError('CONFLICT', '已有同名品牌', { field: 'name' });
    }
    await this.checkTeams(input.countyCode, input.teamIds);
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('brands')
        .values({
          id,
          name: input.name,
          countyCode: input.countyCode,
          description: input.description,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      if (input.teamIds.length)
        await tx
          .insertInto('brandTeams')
          .values([...new Set(input.teamIds)].map((teamId) => ({ brandId: id, teamId })))
          .execute();
      await new AuditRepo(tx).write(context, {
        action: 'brand.create',
        result: 'success',
        targetType: 'brand',
        targetId: id,
        regionCode: input.countyCode,
      });
    });
    return id;
  }

  async addHighlight(actor: Actor, brandId: string, title: string, body: string, context: AuditContext) {
    const brand = await this.db
      .selectFrom('brands')
      .select(['id', 'countyCode'])
      .where('id', '=', brandId)
      .executeTakeFirst();
    if (!brand) throw new AppError('NOT_FOUND', '品牌不存在');
    this.requireKeeper(actor, brand.countyCode);
    const id = randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('brandHighlights')
        .values({ id, brandId, title, body, createdAt: new Date().toISOString() })
        .execute();
      await new AuditRepo(tx).write(context, {
        action: 'brand.highlight.add',
        result: 'success',
        targetType: 'brand',
        targetId: brandId,
        regionCode: brand.countyCode,
      });
    });
    return id;
  }
}
