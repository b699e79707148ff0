import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';

/**
 * The audit log's hash chain. Every row carries its position (`seq`), the hash of the row before it
 * (`prev_hash`) and its own hash: SHA-256 over a canonical serialisation of its content and `prev_hash`.
 * On PostgreSQL a BEFORE INSERT trigger assigns all three under a transaction-scoped advisory lock, so
 * the chain order is the commit order even when ids commit out of order; on SQLite (one writer) the
 * repository computes them in the writing transaction and a trigger refuses a row that is not the
 * next link. The serialisation here and `audit_log_canonical()` in migration 0015 must stay identical.
 */

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Advisory lock key of the chain head on PostgreSQL (also taken by the purge). */
export const CHAIN_LOCK_KEY = 7_015_000_015;

/** Retention: every row at least 6 months, exports and downloads 3 years (the database enforces both). */
export const RETENTION = { months: 6, exportYears: 3 } as const;
/** The purge's own bounds, in days, always inside the database's calendar bounds (6 months ≤ 184 days). */
const RETENTION_DAYS = 184;
const EXPORT_RETENTION_DAYS = 1097;
const DAY = 86_400_000;

/** Exports and downloads keep the longer retention; the triggers use the same test. */
export const isExportAction = (action: string): boolean => /export|download/.test(action);

export interface ChainedContent {
  seq: number;
  at: string;
  accountId: string | null;
  username: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  result: string;
  detail: string | null;
  prevHash: string;
}

const field = (value: string | null): string =>
  value === null ? '-|' : `${Buffer.byteLength(value, 'utf8')}:${value}|`;

export function canonicalAuditText(row: ChainedContent): string {
  return (
    'rongzhi-audit-v1|' +
    [
      String(row.seq),
      row.at,
      row.accountId,
      row.username,
      row.ip,
      row.action,
      row.targetType,
      row.targetId,
      row.regionCode,
      row.result,
      row.detail,
      row.prevHash,
    ]
      .map(field)
      .join('')
  );
}

export const auditRowHash = (row: ChainedContent): string =>
  createHash('sha256').update(canonicalAuditText(row), 'utf8').digest('hex');

const isPg = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * `at` as the hash saw it: on PostgreSQL the trigger formats the timestamptz as ISO-8601 UTC to the
 * millisecond; on SQLite the stored text is hashed as it is.
 */
function atText(at: string | Date, pg: boolean): string {
  if (at instanceof Date) return at.toISOString();
  return pg ? new Date(at).toISOString() : at;
}

/** The digest over the rows kept below the anchor (exports still in their retention). */
function keptDigest(rows: { seq: number; hash: string }[]): string | null {
  if (rows.length === 0) return null;
  const h = createHash('sha256');
  for (const r of rows) h.update(`${r.seq}:${r.hash}\n`);
  return h.digest('hex');
}

async function chainAnchor(db: Kysely<DB>) {
  const anchor = await db
    .selectFrom('auditChain')
    .select(['anchorSeq', 'anchorHash', 'keptDigest'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return {
    anchorSeq: Number(anchor?.anchorSeq ?? 0),
    anchorHash: anchor?.anchorHash ?? GENESIS_HASH,
    keptDigest: anchor?.keptDigest ?? null,
  };
}

export type AuditInsert = Omit<ChainedContent, 'seq' | 'prevHash' | 'result'> & {
  result: 'success' | 'failure' | 'denied';
};

/**
 * Appends one row at the head of the chain. PostgreSQL: a plain INSERT (the trigger chains it).
 * SQLite: head, hash and insert in one transaction (the caller's, or one of its own).
 */
export async function appendAuditRow(db: Kysely<DB>, row: AuditInsert): Promise<void> {
  await appendAuditRows(db, [row]);
}

/**
 * Appends rows at the head of the chain, in order, in one transaction (the caller's, or one of its
 * own). On SQLite the head is read once for all of them (a group of check-ins writes its audit entries
 * together, see commitGroup.ts); each row is still its own INSERT, checked by the trigger.
 */
export async function appendAuditRows(db: Kysely<DB>, rows: AuditInsert[]): Promise<void> {
  if (rows.length === 0) return;
  if (isPg(db)) {
    for (const row of rows) await db.insertInto('auditLog').values(row).execute();
    return;
  }
  const write = async (tx: Kysely<DB>) => {
    const anchor = await chainAnchor(tx);
    const head = await tx
      .selectFrom('auditLog')
      .select(['seq', 'hash'])
      .where('seq', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let [prevSeq, prevHash] =
      head && Number(head.seq) > anchor.anchorSeq
        ? [Number(head.seq), head.hash!]
        : [anchor.anchorSeq, anchor.anchorHash];
    for (const row of rows) {
      const seq = prevSeq + 1;
      const hash = auditRowHash({ ...row, seq, prevHash });
      await tx
        .insertInto('auditLog')
        .values({ ...row, seq, prevHash, hash })
        .execute();
      [prevSeq, prevHash] = [seq, hash];
    }
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

export interface BrokenLink {
  id: number;
  at: string;
  action: string;
  seq: number | null;
  /** content: the row's hash does not match it; link: it does not follow the row before; missing: rows before it are gone; unchained: it has no place in the chain; kept: the rows kept below the anchor changed. */
  reason: 'content' | 'link' | 'missing' | 'unchained' | 'kept';
}

export type ChainStatus =
  | { ok: true; rows: number; anchorSeq: number }
  | { ok: false; rows: number; anchorSeq: number; broken: BrokenLink };

const VERIFY_BATCH = 2000;

/**
 * Checks the whole chain from the anchor: every row's hash against its content, every link against the
 * row before, no gap in the positions, and the rows kept below the anchor against the anchor's digest.
 * Reports the first broken row.
 */
export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainStatus> {
  const pg = isPg(db);
  const anchor = await chainAnchor(db);
  const columns = [
    'id',
    'seq',
    'at',
    'accountId',
    'username',
    'ip',
    'action',
    'targetType',
    'targetId',
    'regionCode',
    'result',
    'detail',
    'prevHash',
    'hash',
  ] as const;
  type Row = Awaited<ReturnType<typeof readBatch>>[number];
  const readBatch = (after: number, upTo?: number) => {
    let q = db.selectFrom('auditLog').select(columns).where('seq', '>', after);
    if (upTo !== undefined) q = q.where('seq', '<=', upTo);
    return q.orderBy('seq').limit(VERIFY_BATCH).execute();
  };
  const broken = (row: Row, reason: BrokenLink['reason'], rows: number): ChainStatus => ({
    ok: false,
    rows,
    anchorSeq: anchor.anchorSeq,
    broken: {
      id: Number(row.id),
      at: atText(row.at, pg),
      action: row.action,
      seq: row.seq === null ? null : Number(row.seq),
      reason,
    },
  });
  const contentOk = (row: Row) =>
    row.hash ===
    auditRowHash({
      seq: Number(row.seq),
      at: atText(row.at, pg),
      accountId: row.accountId,
      username: row.username,
      ip: row.ip,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      regionCode: row.regionCode,
      result: row.result,
      detail: row.detail,
      prevHash: row.prevHash ?? '',
    });

  const unchained = await db
    .selectFrom('auditLog')
    .select(columns)
    .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null), eb('prevHash', 'is', null)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (unchained) return broken(unchained, 'unchained', 0);

  let rows = 0;
  // Rows kept below the anchor: each must match its own hash, and together the anchor's digest.
  const kept: { seq: number; hash: string }[] = [];
  let lastKept: Row | undefined;
  for (let after = Number.MIN_SAFE_INTEGER; ;) {
    const batch = await readBatch(after, anchor.anchorSeq);
    for (const row of batch) {
      if (!contentOk(row)) return broken(row, 'content', rows);
      kept.push({ seq: Number(row.seq), hash: row.hash! });
      lastKept = row;
      rows++;
    }
    if (batch.length < VERIFY_BATCH) break;
    after = Number(batch[batch.length - 1]!.seq);
  }
  if (keptDigest(kept) !== anchor.keptDigest) {
    const first = lastKept ?? (await readBatch(anchor.anchorSeq))[0];
    if (first) return broken(first, 'kept', rows);
    return {
      ok: false,
      rows,
      anchorSeq: anchor.anchorSeq,
      broken: { id: 0, at: '', action: '', seq: null, reason: 'kept' },
    };
  }

  // The chain itself, from the anchor.
  let prevSeq = anchor.anchorSeq;
  let prevHash = anchor.anchorHash;
  for (;;) {
    const batch = await readBatch(prevSeq);
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== prevSeq + 1) return broken(row, 'missing', rows);
      if (row.prevHash !== prevHash) return broken(row, 'link', rows);
      if (!contentOk(row)) return broken(row, 'content', rows);
      prevSeq = seq;
      prevHash = row.hash!;
      rows++;
    }
    if (batch.length < VERIFY_BATCH) break;
  }
  return { ok: true, rows, anchorSeq: anchor.anchorSeq };
}

export interface PurgeResult {
  removed: number;
  kept: number;
  anchorSeq: number;
  cutoff: string;
}

/** The latest instant the purge may reach for `now`, and a requested `before` never later than that. */
export function purgeCutoff(now: Date, before?: Date): Date {
  const limit = new Date(now.getTime() - RETENTION_DAYS * DAY);
  return before && before.getTime() < limit.getTime() ? before : limit;
}

/**
 * Deletes the rows older than the retention period (exports: older than 3 years) up to the last
 * position written before the cutoff, in one transaction holding the chain lock. The hash of that
 * position becomes the anchor the chain is verified from; exports still kept below it are fixed by a
 * digest. `audit` writes the purge's own entry in the same transaction.
 */
export async function purgeAuditLog(
  db: Kysely<DB>,
  options: {
    before?: Date;
    now?: Date;
    audit: (tx: Kysely<DB>, result: PurgeResult) => Promise<void>;
  },
): Promise<PurgeResult> {
  // Never past the real clock: the database judges retention by its own.
  const now = new Date(Math.min((options.now ?? new Date()).getTime(), Date.now()));
  const cutoff = purgeCutoff(now, options.before);
  const exportCutoff = new Date(
    Math.min(cutoff.getTime(), now.getTime() - EXPORT_RETENTION_DAYS * DAY),
  ).toISOString();
  const cutoffIso = cutoff.toISOString();
  const pg = isPg(db);
  const purge = async (tx: Kysely<DB>) => {
    if (pg) await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK_KEY)})`.execute(tx);
    const anchor = await chainAnchor(tx);
    const last = await tx
      .selectFrom('auditLog')
      .select(['seq', 'hash'])
      .where('at', '<', cutoffIso)
      .where('seq', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const lastSeq = last ? Number(last.seq) : 0;
    const [anchorSeq, anchorHash] =
      last && lastSeq > anchor.anchorSeq ? [lastSeq, last.hash!] : [anchor.anchorSeq, anchor.anchorHash];
    const deleted = await tx
      .deleteFrom('auditLog')
      .where('seq', '<=', anchorSeq)
      .where('at', '<', cutoffIso)
      .where((eb) =>
        eb.or([
          eb.and([eb('action', 'not like', '%export%'), eb('action', 'not like', '%download%')]),
          eb('at', '<', exportCutoff),
        ]),
      )
      .executeTakeFirst();
    const kept = await tx
      .selectFrom('auditLog')
      .select(['seq', 'hash'])
      .where('seq', '<=', anchorSeq)
      .orderBy('seq')
      .execute();
    await tx
      .updateTable('auditChain')
      .set({
        anchorSeq,
        anchorHash,
        keptDigest: keptDigest(kept.map((k) => ({ seq: Number(k.seq), hash: k.hash! }))),
        updatedAt: now.toISOString(),
      })
      .where('id', '=', 1)
      .execute();
    const result: PurgeResult = {
      removed: Number(deleted.numDeletedRows),
      kept: kept.length,
      anchorSeq,
      cutoff: cutoffIso,
    };
    await options.audit(tx, result);
    return result;
  };
  // Inside a caller's transaction (the daily job's) or in one of its own.
  return db.isTransaction ? purge(db) : db.transaction().execute(purge);
}
