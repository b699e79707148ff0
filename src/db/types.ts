import type { PlansCalendarTables } from './tables/plans';
import type { RecordRequestsTables } from './tables/records';
import type { HonoursTables } from './tables/honours';
import type { LeadershipTables } from './tables/leadership';
import type { PublicityTables } from './tables/publicity';
import type { StatisticsTables } from './tables/statistics';
import type { RequestsTables } from './tables/requests';
import type { TwoFactorTables } from './tables/twoFactor';
import type { PrivacyTables } from './tables/privacy';
import type { PreferencesTables } from './tables/preferences';
import type { AuditChainTables } from './tables/audit';
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
  /** Public reference (0014) by which the security administrator ends one session. */
  ref: string | null;
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
  /** Position in the hash chain (0015_audit_chain); set under the chain lock when the row is written. */
  seq: Generated<number | null>;
  prevHash: Generated<string | null>;
  hash: Generated<string | null>;
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
  publicityConsentAt: string | null;
  publicityConsentBy: string | null;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
  confirmedMinutes: Generated<number>;
  starLevel: Generated<number>;
}

export interface MembershipsTable {
  id: string;
  teamId: string;
  volunteerId: string;
  role: 'leader' | 'backbone' | 'member';
  joinedOn: string;
  leftOn: string | null;
  /** Kept by triggers (migration 0020): how far down the region tree residence and team agree. */
  sharedLevel: Generated<number>;
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

export interface PlansTable {
  id: string;
  regionCode: string;
  teamId: string | null;
  year: number;
  title: string;
  goals: string;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PlanItemsTable {
  id: string;
  planId: string;
  month: number;
  title: string;
  theme: Generated<string>;
  keyDate: string | null;
  /** 已落实: 0/1 (0007). */
  done: Generated<number>;
  /** The activity that carried it out (0007). */
  activityId: Generated<string | null>;
}

export interface LocalKeyDatesTable {
  id: string;
  date: string;
  name: string;
  themeTemplate: Generated<string>;
}

export interface WorkingDaysTable {
  date: string;
  isWorkday: number;
  note: Generated<string>;
}

export type ActivityStatus = 'draft' | 'published' | 'ongoing' | 'completed' | 'cancelled';

export interface ActivitiesTable {
  id: string;
  title: string;
  /** central = 集中统一活动, own = 日常自主活动 */
  kind: 'central' | 'own';
  teamId: string;
  regionCode: string;
  fieldId: string | null;
  place: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  capacity: number;
  serviceObject: Generated<string>;
  theme: Generated<string>;
  description: Generated<string>;
  status: ActivityStatus;
  cancelReason: string | null;
  checkinSecret: string;
  fixedCode: string;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ActivityTeamsTable {
  activityId: string;
  teamId: string;
}

export interface ActivityOutputsTable {
  id: string;
  activityId: string;
  kind: string;
  quantity: number;
}

export interface SignupsTable {
  id: string;
  activityId: string;
  volunteerId: string;
  teamId: string | null;
  status: 'accepted' | 'waitlisted' | 'cancelled';
  seq: number;
  signedUpBy: string;
  signedUpAt: Timestamp;
  promotedAt: string | null;
  cancelledAt: string | null;
}

export interface AttendanceTable {
  id: string;
  activityId: string;
  volunteerId: string;
  checkInAt: Timestamp;
  checkOutAt: string | null;
  method: 'code' | 'fixed' | 'proxy';
  proxyBy: string | null;
  needsConfirmation: Generated<number>;
  autoClosed: Generated<number>;
  /** For check-ins that need confirmation: the leader's decision (0008). */
  reviewResult: 'confirmed' | 'rejected' | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

/** 志愿服务记录 (fields of 《志愿服务记录办法》 Art. 7); append-only once confirmed. */
export interface ServiceRecordsTable {
  id: string;
  volunteerId: string;
  teamId: string;
  activityId: string | null;
  activityName: string;
  serviceDate: string;
  place: string;
  serviceObject: string;
  content: string;
  minutes: number;
  quality: Generated<string>;
  personInCharge: string;
  recorderId: string;
  recorderName: string;
  status: 'pending' | 'confirmed' | 'superseded';
  confirmedBy: string | null;
  confirmedAt: string | null;
  correctsId: string | null;
  correctionReason: string | null;
  createdAt: Timestamp;
}

export interface StarHistoryTable {
  id: string;
  volunteerId: string;
  fromLevel: number;
  toLevel: number;
  totalMinutes: number;
  at: Timestamp;
}

export interface CertificatesTable {
  id: string;
  number: string;
  volunteerId: string;
  token: string;
  holderSurname: string;
  /** The certified facts as canonical JSON; content_hash is its SHA-256. */
  content: string;
  contentHash: string;
  issuedAt: Timestamp;
  issuedBy: string;
}

export interface BrandsTable {
  id: string;
  name: string;
  /** The county (or city, for city-level brands) the brand belongs to. */
  countyCode: string;
  description: Generated<string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface BrandTeamsTable {
  brandId: string;
  teamId: string;
}

export interface BrandHighlightsTable {
  id: string;
  brandId: string;
  title: string;
  body: Generated<string>;
  createdAt: Timestamp;
}

export interface DB
  extends
    PlansCalendarTables,
    RecordRequestsTables,
    HonoursTables,
    LeadershipTables,
    PublicityTables,
    StatisticsTables,
    RequestsTables,
    PrivacyTables,
    PreferencesTables,
    TwoFactorTables,
    AuditChainTables {
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
  plans: PlansTable;
  planItems: PlanItemsTable;
  localKeyDates: LocalKeyDatesTable;
  workingDays: WorkingDaysTable;
  activities: ActivitiesTable;
  activityTeams: ActivityTeamsTable;
  activityOutputs: ActivityOutputsTable;
  signups: SignupsTable;
  attendance: AttendanceTable;
  serviceRecords: ServiceRecordsTable;
  starHistory: StarHistoryTable;
  certificates: CertificatesTable;
  brands: BrandsTable;
  brandTeams: BrandTeamsTable;
  brandHighlights: BrandHighlightsTable;
}

export type TeamRow = Selectable<TeamsTable>;
export type VolunteerRow = Selectable<VolunteersTable>;

export type AccountRow = Selectable<AccountsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

export type RegionRow = Selectable<RegionsTable>;
export type NewRegionRow = Insertable<RegionsTable>;
export type ServiceStationRow = Selectable<ServiceStationsTable>;
