/** Tables added with 0016 (the volunteer's personal-information requests). */

export type PrivacyRequestKind = 'correction' | 'erasure';
export type PrivacyRequestStatus = 'pending' | 'accepted' | 'rejected' | 'cancelled';

/** 更正 or 注销 asked for by the volunteer, decided by staff whose scope covers them. */
export interface PrivacyRequestsTable {
  id: string;
  volunteerId: string;
  kind: PrivacyRequestKind;
  status: PrivacyRequestStatus;
  /** AES-256-GCM ciphertext of the requested values (JSON); null for erasure and after anonymising. */
  changesEnc: string | null;
  /** Comma-separated field keys of a correction (no values). */
  fields: string;
  reason: string;
  /** The person's residence when they asked (for the audit log). */
  regionCode: string;
  requestedBy: string;
  createdAt: string;
  decidedBy: string | null;
  deciderName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface PrivacyTables {
  privacyRequests: PrivacyRequestsTable;
}
