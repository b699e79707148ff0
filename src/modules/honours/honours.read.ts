import type { Kysely } from 'kysely';
import type { DB } from '../../db/types';

/** An honour someone holds: awarded through the nomination pipeline or entered as an external recognition. */
export interface HonourHeld {
  name: string;
  level: string;
  year: number;
  source: 'pipeline' | 'external';
}

/**
 * Honours held by a volunteer, team, brand (project) or village, newest first. Only finished awards
 * count (not a nomination still under review, nor a 基层社会治理 recommendation, which yields a post).
 * The caller decides whether the reader may see the holder.
 */
export async function listHonoursHeld(
  db: Kysely<DB>,
  holder: { kind: 'volunteer' | 'team' | 'brand' | 'village'; id: string },
): Promise<HonourHeld[]> {
  const [awarded, external] = await Promise.all([
    db
      .selectFrom('nominations')
      .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
      .select(['honourKinds.name', 'honourKinds.level', 'nominations.year'])
      .where('nominations.nomineeKind', '=', holder.kind)
      .where('nominations.nomineeId', '=', holder.id)
      .where('nominations.status', '=', 'awarded')
      .where('honourKinds.outcome', '=', 'award')
      .execute(),
    db
      .selectFrom('externalHonours')
      .select(['name', 'level', 'year'])
      .where('holderKind', '=', holder.kind)
      .where('holderId', '=', holder.id)
      .execute(),
  ]);
  return [
    ...awarded.map((a) => ({ name: a.name, level: a.level, year: a.year, source: 'pipeline' as const })),
    ...external.map((e) => ({ name: e.name, level: e.level, year: e.year, source: 'external' as const })),
  ].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'zh-CN'));
}

/** An honour held by someone of a region, for the statistics and reports. */
export interface RegionHonour {
  name: string;
  holderName: string;
  year: number;
  source: 'pipeline' | 'external';
}

/**
 * Honours held in a region (a code range: the subtree's bounds) over a span of years, oldest first:
 * finished awards of the pipeline (not a 基层社会治理 recommendation, which yields a post) and external
 * recognitions, counted the same way as `listHonoursHeld`. Its length is the number of honours; the
 * caller checks that the reader may see the region.
 */
export async function listRegionHonours(
  db: Kysely<DB>,
  region: { lo: string; hi: string },
  years: { from: number; to: number },
): Promise<RegionHonour[]> {
  const [awarded, external] = await Promise.all([
    db
      .selectFrom('nominations')
      .innerJoin('honourKinds', 'honourKinds.id', 'nominations.honourId')
      .select(['honourKinds.name', 'nominations.nomineeName as holderName', 'nominations.year'])
      .where('nominations.status', '=', 'awarded')
      .where('honourKinds.outcome', '=', 'award')
      .where('nominations.year', '>=', years.from)
      .where('nominations.year', '<=', years.to)
      .where('nominations.regionCode', '>=', region.lo)
      .where('nominations.regionCode', '<=', region.hi)
      .execute(),
    db
      .selectFrom('externalHonours')
      .select(['name', 'holderName', 'year'])
      .where('year', '>=', years.from)
      .where('year', '<=', years.to)
      .where('regionCode', '>=', region.lo)
      .where('regionCode', '<=', region.hi)
      .execute(),
  ]);
  return [
    ...awarded.map((a) => ({ ...a, year: Number(a.year), source: 'pipeline' as const })),
    ...external.map((e) => ({ ...e, year: Number(e.year), source: 'external' as const })),
  ].sort(
    (a, b) =>
      a.year - b.year ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      a.holderName.localeCompare(b.holderName, 'zh-CN'),
  );
}
