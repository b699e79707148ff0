import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { RegionLevel } from '../shared/regions';
import type { Role } from '../shared/identity';

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

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: 'unit' | 'social';
  regionCode: string;
  createdAt: Timestamp;
}

export interface AccountsTable {
  id: string;
  username: string | null;
  displayName: string;
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
  teamId: string | null;
  volunteerId: string | null;
  /** AES-256-GCM ciphertext (see fieldCrypto); never leaves the server. */
  phoneEnc: string | null;
  phoneHash: string | null;
  passwordHash: string;
  status: Generated<'active' | 'disabled'>;
  failedAttempts: Generated<number>;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  passwordChangedAt: Timestamp;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked table does not yield usable sessions. */
  idHash: string;
  accountId: string;
  kind: 'staff' | 'volunteer';
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  ip: string | null;
  userAgent: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

/** Append-only: the database refuses UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  accountId: string | null;
  username: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  result: 'success' | 'failure' | 'denied';
  detail: string | null;
}

export interface DB {
  regions: RegionsTable;
  serviceStations: ServiceStationsTable;
  organizations: OrganizationsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

export type RegionRow = Selectable<RegionsTable>;
export type NewRegionRow = Insertable<RegionsTable>;
export type ServiceStationRow = Selectable<ServiceStationsTable>;
