/** Tables added with 0013 (requests, call-outs, notifications). Each table: an interface here and a key in `RequestsTables`. */
import type { Generated } from 'kysely';

export type ServiceRequestStatus =
  'submitted' | 'dispatched' | 'accepted' | 'completed' | 'rated' | 'cancelled';

/** 群众点单: a resident's or a village station's request for help. */
export interface ServiceRequestsTable {
  id: string;
  /** Human-readable number, e.g. DD20261128-0042. */
  requestNo: string;
  source: 'public' | 'station';
  fieldId: string;
  /** The village or community where help is wanted. */
  regionCode: string;
  address: string;
  wantedAt: string;
  description: string;
  contactName: string;
  /** AES-256-GCM ciphertext (see fieldCrypto); never leaves the server unmasked. */
  phoneEnc: string;
  phoneHash: string;
  status: ServiceRequestStatus;
  /** The team it is currently dispatched to (or that accepted it). */
  teamId: string | null;
  activityId: string | null;
  dispatchDueAt: string;
  acceptDueAt: string | null;
  dispatchedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: string | null;
  /** SHA-256 of the one-time rating link's token. */
  ratingTokenHash: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One dispatch of a request to a team, and the team's answer. */
export interface RequestAssignmentsTable {
  id: string;
  requestId: string;
  teamId: string;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  reason: string | null;
  dispatchedBy: string;
  dispatchedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** 紧急召集 by the bureau: teams of a service field in an area. */
export interface CallOutsTable {
  id: string;
  title: string;
  fieldId: string;
  /** The county called out (with its neighbours when includeNeighbours = 1). */
  regionCode: string;
  includeNeighbours: Generated<number>;
  place: string;
  startsAt: string;
  endsAt: string;
  description: Generated<string>;
  status: 'open' | 'closed';
  activityId: string | null;
  createdBy: string;
  createdAt: string;
}

/** A member reached by a call-out, and their answer. */
export interface CallOutMembersTable {
  callOutId: string;
  volunteerId: string;
  teamId: string;
  answer: 'available' | 'unavailable' | null;
  answeredAt: string | null;
}

/** 站内消息. */
export interface NotificationsTable {
  id: string;
  accountId: string;
  template: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

/** 外发记录: messages handed to an outbound channel (SMS, WeChat template message). */
export interface OutboxTable {
  id: string;
  channel: 'sms' | 'wechat';
  /** Masked recipient (phone or account). */
  recipient: string;
  template: string;
  body: string;
  status: 'logged' | 'sent' | 'failed';
  createdAt: string;
}

/** Scheduled jobs (reminders): stored, claimed atomically, done once. */
export interface JobsTable {
  id: string;
  kind: string;
  dedupeKey: string;
  /** JSON. */
  payload: string;
  dueAt: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  attempts: Generated<number>;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  doneAt: string | null;
}

export interface RequestsTables {
  serviceRequests: ServiceRequestsTable;
  requestAssignments: RequestAssignmentsTable;
  callOuts: CallOutsTable;
  callOutMembers: CallOutMembersTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  jobs: JobsTable;
}
