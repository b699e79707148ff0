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
  activationCodeHash: Generated<string | null>;
  activationExpiresAt: Generated<string | null>;
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

export interface ServiceFieldsTable {
  id: string;
  name: string;
  sort: Generated<number>;
  active: Generated<number>;
}

export type TeamCategory = 'station' | 'unit' | 'social' | 'integrated';
export type TeamStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'suspended' | 'dissolved';

/** 志愿服务队伍 */
export interface TeamsTable {
  id: string;
  name: string;
  category: TeamCategory;
  integrationGrounds: string | null;
  regionCode: string;
  organizationId: string | null;
  hostName: string | null;
  parentId: string | null;
  path: string;
  leaderName: string;
  contactPhoneEnc: string | null;
  foundedOn: string | null;
  description: Generated<string>;
  status: TeamStatus;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
  version: Generated<number>;
}

export interface TeamFieldsTable {
  teamId: string;
  fieldId: string;
}

export interface TeamEventsTable {
  id: string;
  teamId: string;
  at: Timestamp;
  accountId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
}

/** 志愿者: ID-card number and phone encrypted, found by keyed hash. */
export interface VolunteersTable {
  id: string;
  volunteerNo: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  idCardEnc: string;
  idCardHash: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  residenceCode: string;
  isVeteran: number;
  veteranKind: string | null;
  branch: string | null;
  serviceYears: number | null;
  partyMember: Generated<number>;
  veteranSecretary: Generated<number>;
  skills: Generated<string>;
  publicityConsent: Generated<number>;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
}

export interface MembershipsTable {
  id: string;
  teamId: string;
  volunteerId: string;
  role: 'leader' | 'backbone' | 'member';
  joinedOn: string;
  leftOn: string | null;
}

export interface JoinRequestsTable {
  id: string;
  volunteerId: string;
  teamId: string;
  role: 'leader' | 'backbone' | 'member';
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: Timestamp;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface DB {
  regions: RegionsTable;
  serviceStations: ServiceStationsTable;
  organizations: OrganizationsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
  serviceFields: ServiceFieldsTable;
  teams: TeamsTable;
  teamFields: TeamFieldsTable;
  teamEvents: TeamEventsTable;
  volunteers: VolunteersTable;
  memberships: MembershipsTable;
  joinRequests: JoinRequestsTable;
}

export type TeamRow = Selectable<TeamsTable>;
export type VolunteerRow = Selectable<VolunteersTable>;

export type AccountRow = Selectable<AccountsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

export type RegionRow = Selectable<RegionsTable>;
export type NewRegionRow = Insertable<RegionsTable>;
export type ServiceStationRow = Selectable<ServiceStationsTable>;
