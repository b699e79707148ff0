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
import { AuditRepo } from '../audit/audit.repo';
import type { Actor, AuditContext } from '../identity/actor';
import { regionManageable, scopeOf } from '../identity/scope';
import type { StationUpdate } from '../../shared/regions';

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

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new RegionsRepo(db);
  }

  /** Only region staff at or above a region may edit it; the scope decides, not this service. */
  private async requireManageable(actor: Actor, code: string): Promise<Region> {
    const region = await this.require(code);
    if (!regionManageable(scopeOf(actor), code))
      throw new AppError('OUT_OF_SCOPE', undefined, { field: 'code' });
    return region;
  }

  async updateStation(
    actor: Actor,
    code: string,
    update: StationUpdate,
    context: AuditContext,
  ): Promise<Station> {
    const region = await this.requireManageable(actor, code);
    return this.db.transaction().execute(async (tx) => {
      const row = await new RegionsRepo(tx).upsertStation(
        code,
        update,
        actor.accountId,
        new Date().toISOString(),
      );
      await new AuditRepo(tx).write(context, {
        action: 'region.station.update',
        result: 'success',
        targetType: 'region',
        targetId: code,
        regionCode: code,
        detail: { name: update.name },
      });
      return toStation(region, row);
    });
  }

  async setVeteranSecretary(
    actor: Actor,
    code: string,
    value: boolean,
    context: AuditContext,
  ): Promise<void> {
    const region = await this.requireManageable(actor, code);
    if (region.level !== 'village') {
      throw new AppError('VALIDATION_FAILED', '兵支书标记只适用于村(社区)', { field: 'code' });
    }
    await this.db.transaction().execute(async (tx) => {
      await new RegionsRepo(tx).setVeteranSecretary(code, value);
      await new AuditRepo(tx).write(context, {
        action: 'region.veteran_secretary.set',
        result: 'success',
        targetType: 'region',
        targetId: code,
        regionCode: code,
        detail: { value },
      });
    });
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

  /** "大名县 / 大名镇 / 某村" (from county level down; a city-level code reads "邯郸市") for each code, from one query over the ancestors. */
  async pathNames(codes: string[]): Promise<Map<string, string>> {
    const all = new Set<string>();
    for (const c of codes) for (const a of [...ancestorCodes(c), c]) all.add(a);
    if (all.size === 0) return new Map();
    const rows = await this.repo.getMany([...all]);
    const depth = new Map(rows.map((r) => [r.code, r.depth]));
    const names = new Map(rows.map((r) => [r.code, r.name]));
    return new Map(
      codes.map((c) => [
        c,
        [...ancestorCodes(c).filter((a) => (depth.get(a) ?? 0) >= 3), c]
          .map((a) => names.get(a))
          .filter(Boolean)
          .join(' / '),
      ]),
    );
  }

  async stats(code: string) {
    await this.require(code);
    return this.repo.countsBelow(code);
  }
}
