import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../server/errors';
import { subtreeBounds } from '../identity/scope';
import { defaultStationName } from '../regions/regions.service';
import type { StoryBlock } from './publicity.schemas';
import { posterColumns, publicPoster, publicStory, type PosterRow } from './publicity.shared';

/** The public portal's reads (no login): headline numbers, published stories and posters, stations. */
export class PortalService {
  constructor(private readonly db: Kysely<DB>) {}

  async rootRegion(): Promise<{ code: string; name: string }> {
    const row = await this.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .orderBy('depth')
      .orderBy('code')
      .executeTakeFirst();
    return row ?? { code: '130400000000', name: '邯郸市' };
  }

  /** Headline numbers: aggregates only, nothing about a person. */
  async summary() {
    const root = await this.rootRegion();
    const { lo, hi } = subtreeBounds(root.code);
    const count = (n: { n: string | number | bigint } | undefined) => Number(n?.n ?? 0);
    const [counties, teams, volunteers, minutes, brands, stories] = await Promise.all([
      this.db
        .selectFrom('regions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('level', '=', 'county')
        .where('code', '>=', lo)
        .where('code', '<=', hi)
        .executeTakeFirst(),
      this.db
        .selectFrom('teams')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'approved')
        .executeTakeFirst(),
      this.db
        .selectFrom('volunteers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
      this.db
        .selectFrom('volunteers')
        .select((eb) => eb.fn.sum<string | number | null>('confirmedMinutes').as('m'))
        .executeTakeFirst(),
      this.db
        .selectFrom('brands')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
      this.db
        .selectFrom('stories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(publicStory)
        .executeTakeFirst(),
    ]);
    return {
      regionName: root.name,
      counties: count(counties),
      teams: count(teams),
      volunteers: count(volunteers),
      confirmedHours: Math.round(Number(minutes?.m ?? 0) / 60),
      brands: count(brands),
      publishedStories: count(stories),
    };
  }

  private publicStoryColumns() {
    return this.db
      .selectFrom('stories')
      .innerJoin('regions', 'regions.code', 'stories.regionCode')
      .select([
        'stories.id',
        'stories.title',
        'stories.summary',
        'stories.body',
        'stories.coverMediaId',
        'stories.channel',
        'stories.subjectKind',
        'stories.subjectName',
        'regions.name as regionName',
        'stories.publishedAt',
      ])
      .where(publicStory);
  }

  private toPublicStory(
    row: Awaited<ReturnType<ReturnType<PortalService['publicStoryColumns']>['executeTakeFirstOrThrow']>>,
  ) {
    return {
      id: row.id,
      title: row.title,
      summary: row.summary,
      body: JSON.parse(row.body) as StoryBlock[],
      coverUrl: row.coverMediaId ? `/api/public/media/${row.coverMediaId}` : null,
      channel: row.channel,
      subjectKind: row.subjectKind,
      subjectName: row.subjectName,
      regionName: row.regionName,
      publishedAt: row.publishedAt ?? '',
    };
  }

  async publicStories(limit: number, offset: number) {
    const rows = await this.publicStoryColumns()
      .orderBy('stories.publishedAt', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => {
      const { body: _b, ...rest } = this.toPublicStory(r);
      return rest;
    });
  }

  async publicStory(id: string) {
    const row = await this.publicStoryColumns().where('stories.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '稿件不存在或尚未发布');
    return this.toPublicStory(row);
  }

  private publicPosterQuery() {
    return posterColumns(this.db).where(publicPoster);
  }

  private toPublicPoster(r: PosterRow) {
    return {
      id: r.id,
      subjectKind: r.subjectKind,
      subjectName: r.subjectName,
      width: r.width,
      height: r.height,
      imageUrl: `/api/public/media/${r.imageMediaId}`,
      publishedAt: r.publishedAt ?? '',
    };
  }

  async publicPosters(limit: number) {
    const rows = await this.publicPosterQuery().orderBy('posters.publishedAt', 'desc').limit(limit).execute();
    return rows.map((r) => this.toPublicPoster(r));
  }

  async publicPoster(id: string) {
    const row = await this.publicPosterQuery().where('posters.id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '海报不存在或尚未发布');
    return this.toPublicPoster(row);
  }

  /** Each county's veterans service centre: name, address, and only an office (fixed-line) phone. */
  async stations() {
    const root = await this.rootRegion();
    const { lo, hi } = subtreeBounds(root.code);
    const rows = await this.db
      .selectFrom('regions')
      .leftJoin('serviceStations', 'serviceStations.regionCode', 'regions.code')
      .select([
        'regions.code',
        'regions.name as regionName',
        'regions.level',
        'serviceStations.name',
        'serviceStations.address',
        'serviceStations.contactPhone',
      ])
      .where('regions.level', '=', 'county')
      .where('regions.code', '>=', lo)
      .where('regions.code', '<=', hi)
      .orderBy('regions.code')
      .execute();
    return rows.map((r) => ({
      countyCode: r.code,
      countyName: r.regionName,
      name: r.name || defaultStationName(r.regionName, r.level),
      address: r.address ?? '',
      phone: officePhone(r.contactPhone),
    }));
  }
}

/**
 * A station's phone is shown publicly only when it is a fixed-line office number (area code 0xxx);
 * a mobile number belongs to a person and stays inside the system.
 */
export function officePhone(phone: string | null | undefined): string | null {
  const p = (phone ?? '').trim();
  const digits = p.replace(/[\s()\-+]/g, '');
  if (/^(86)?1[3-9]\d{9}$/.test(digits)) return null;
  return /^0\d{2,3}\d{7,8}$/.test(digits) ? p : null;
}
