import type { Timestamp } from '../types';

/**
 * The audit hash chain's anchor (one row, id 1). Rows with `seq <= anchorSeq` were purged, except the
 * ones still within their longer retention (exports), whose hashes `keptDigest` fixes; the row with
 * `seq = anchorSeq + 1` links to `anchorHash`.
 */
export interface AuditChainTable {
  id: number;
  anchorSeq: number;
  anchorHash: string;
  keptDigest: string | null;
  updatedAt: Timestamp | null;
}

export interface AuditChainTables {
  auditChain: AuditChainTable;
}
