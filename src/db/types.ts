import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { RegionLevel } from '../shared/regions';

/** Timestamps are ISO-8601 UTC strings on both dialects (timestamptz is parsed to a string on PostgreSQL). */
export type Timestamp = ColumnType<string, string, string>;

/** 行政区划: the national division tree, keyed by the 12-digit statistical code. */
export interface RegionsTable {
  code: string;
  name: string;
  level: RegionLevel;
  /** 1 province … 5 village, for ordering. */
  depth: number;
  parentCode: string | null;
  /** 兵支书: 0/1, villages only. */
  veteranSecretary: Generated<number>;
}

/** 服务中心/服务站 of a region; a region without a row shows its default station. */
export interface ServiceStationsTable {
  regionCode: string;
  name: string;
  address: string;
  contactName: string;
  contactPhone: string;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

export interface DB {
  regions: RegionsTable;
  serviceStations: ServiceStationsTable;
}

export type RegionRow = Selectable<RegionsTable>;
export type NewRegionRow = Insertable<RegionsTable>;
export type ServiceStationRow = Selectable<ServiceStationsTable>;
