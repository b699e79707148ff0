/** Tables added with 0008 (record requests). Each table: an interface here and a key in `RecordRequestsTables`. */

/** A volunteer's request to correct one of their confirmed service records. */
export interface RecordRequestsTable {
  id: string;
  recordId: string;
  volunteerId: string;
  /** The record's team: whose leader decides. */
  teamId: string;
  activityId: string | null;
  /** The duration the volunteer asks for. */
  minutes: number;
  reason: string;
  status: 'pending' | 'accepted' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** The correction record made when the request was accepted. */
  newRecordId: string | null;
  createdAt: string;
}

export interface RecordRequestsTables {
  recordRequests: RecordRequestsTable;
}
