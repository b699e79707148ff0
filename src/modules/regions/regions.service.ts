import type { Kysely } from 'kysely';
import type { DB, ServiceStationRow } from '../../db/types';
import { AppError } from '../../server/errors';
import {
  ancestorCodes,
  regionLevels,
  regionPrefix,
  type Region,
  type RegionChild,
  type RegionDetail,
  type RegionLevel,
  type RegionSearchHit,
  type Station,
} from '../../shared/regions';
import { RegionsRepo, toRegion } from './regions.repo';

/** The default name of a region's veterans service centre (city, county) or station (township, village). */
export function defaultStationName(name: string, level: RegionLevel): string {
  return level === 'township' || level === 'village' ? `${name}退役军人服务站` : `${name}退役军人服务中心`;
}

function toStation(region: Region, row: ServiceStationRow | undefined): Station {
  if (!row) {
    return {
      regionCode: region.code,
      name: defaultStationName(region.name, region.level),
      address: '',
      contactName: '',
      contactPhone: '',
      updatedAt: null,
    };
  }
  return {
    regionCode: row.regionCode,
    name: row.name,
    address: row.address,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    updatedAt: row.updatedAt,
  };
}

const childLevelOf = (level: RegionLevel): RegionLevel | undefined =>
  regionLevels[regionLevels.indexOf(level) + 1];

/** Reads of the region tree. Region names and codes are public statistical data. */
export class RegionsService {
  private readonly repo: RegionsRepo;

  constructor(db: Kysely<DB>) {
    this.repo = new RegionsRepo(db);
  }

  async require(code: string): Promise<Region> {
    const row = await this.repo.get(code);
    if (!row) throw new AppError('REGION_NOT_FOUND', undefined, { field: 'code' });
    return toRegion(row);
  }

  async detail(code: string): Promise<RegionDetail> {
    const region = await this.require(code);
    const [ancestors, station, counts] = await Promise.all([
      this.repo.ancestors(code),
      this.repo.station(code),
      this.repo.countsBelow(code),
    ]);
    return { region, ancestors, station: toStation(region, station), counts };
  }

  async children(code: string): Promise<RegionChild[]> {
    const region = await this.require(code);
    const childLevel = childLevelOf(region.level);
    if (!childLevel) return [];
    const [rows, counts] = await Promise.all([
      this.repo.children(code),
      this.repo.countsBelowChildren(code, childLevel),
    ]);
    return rows.map((row) => ({
      ...toRegion(row),
      counts: counts.get(regionPrefix(row.code)) ?? { county: 0, township: 0, village: 0 },
    }));
  }

  async roots(): Promise<RegionChild[]> {
    const rows = await this.repo.roots();
    return Promise.all(
      rows.map(async (row) => ({ ...toRegion(row), counts: await this.repo.countsBelow(row.code) })),
    );
  }

  async search(q: string, limit: number): Promise<RegionSearchHit[]> {
    const rows = await this.repo.search(q, limit);
    const ancestorSet = new Set<string>();
    const paths = rows.map((row) => ancestorCodes(row.code));
    for (const codes of paths) for (const c of codes) ancestorSet.add(c);
    const ancestors = new Map((await this.repo.getMany([...ancestorSet])).map((r) => [r.code, r]));
    return rows.map((row, i) => ({
      code: row.code,
      name: row.name,
      level: row.level,
      path: (paths[i] ?? [])
        .map((c) => ancestors.get(c))
        .filter((r) => r !== undefined)
        .map((r) => ({ code: r.code, name: r.name, level: r.level })),
    }));
  }

  async stats(code: string) {
    await this.require(code);
    return this.repo.countsBelow(code);
  }
}
