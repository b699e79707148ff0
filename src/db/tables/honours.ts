import type { Timestamp } from '../types';

export type HonourLevel = 'city' | 'province' | 'national';
export type HonourHolderKind = 'volunteer' | 'team' | 'brand' | 'village';
export type NominationStatus =
  'county_review' | 'city_review' | 'reported' | 'notice' | 'awarded' | 'not_awarded' | 'rejected';

/** 荣誉目录 (seeded by the migration). */
export interface HonourKindsTable {
  id: string;
  name: string;
  level: HonourLevel;
  honours: HonourHolderKind;
  /** award = an honour; role = 基层社会治理锻炼, whose outcome is a post taken up. */
  outcome: 'award' | 'role';
  description: string;
  sort: number;
}

/** 荣誉推荐: proposer → county → city → (推荐上报 → outside result) → 公示 → result. */
export interface NominationsTable {
  id: string;
  honourId: string;
  year: number;
  nomineeKind: HonourHolderKind;
  nomineeId: string;
  nomineeName: string;
  /** The nominee's region (a volunteer's residence, a team's home, a brand's county, a village). */
  regionCode: string;
  proposerAccountId: string;
  proposerName: string;
  proposerTeamId: string | null;
  deeds: string;
  /** Facts taken from the data at proposal time, as JSON. */
  facts: string;
  status: NominationStatus;
  noticeDays: number | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  roleTaken: string | null;
  decidedOn: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface NominationEventsTable {
  id: string;
  nominationId: string;
  at: Timestamp;
  accountId: string | null;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
}

/** 公示期异议 */
export interface NominationObjectionsTable {
  id: string;
  nominationId: string;
  at: Timestamp;
  accountId: string | null;
  raisedBy: string;
  source: 'staff' | 'public';
  content: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/** Small dossier files (PDF, JPEG, PNG), kept in the database. */
export interface NominationAttachmentsTable {
  id: string;
  nominationId: string;
  fileName: string;
  mimeType: string;
  size: number;
  dataBase64: string;
  uploadedBy: string;
  uploadedAt: Timestamp;
}

/** Recognitions that came from outside the pipeline, entered with their evidence. */
export interface ExternalHonoursTable {
  id: string;
  name: string;
  level: 'county' | 'city' | HonourLevel;
  issuer: string;
  year: number;
  holderKind: HonourHolderKind;
  holderId: string;
  holderName: string;
  regionCode: string;
  evidence: string;
  createdBy: string | null;
  createdAt: Timestamp;
}

/** 年度表彰大会 (one a year). */
export interface CommendationsTable {
  year: number;
  title: string;
  heldOn: string;
  place: string;
  notes: string;
  updatedBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Tables added with 0009 (honours). Each table: an interface here and a key in `HonoursTables`. */
export interface HonoursTables {
  honourKinds: HonourKindsTable;
  nominations: NominationsTable;
  nominationEvents: NominationEventsTable;
  nominationObjections: NominationObjectionsTable;
  nominationAttachments: NominationAttachmentsTable;
  externalHonours: ExternalHonoursTable;
  commendations: CommendationsTable;
}
