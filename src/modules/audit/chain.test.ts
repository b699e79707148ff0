import SQLite from 'better-sqlite3';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import type { DB } from '../../db/types';
import { migrateToLatest, migrations } from '../../db/migrate';
import { describeEachDialect } from '../../../tests/support/db';
import { runDueJobs } from '../notifications/scheduler';
import { AuditRepo } from './audit.repo';
import { scheduleAuditPurge } from './retention';
import { auditRowHash, canonicalAuditText, GENESIS_HASH, purgeAuditLog, verifyAuditChain } from './chain';

type Located = Database & { location: { sqliteFile: string } | { databaseUrl: string } };

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const by = { accountId: null, username: 'tester', ip: '10.0.0.1' };

/** Runs SQL on a connection of its own, outside the application's pool (and, for tampering, its rules). */
async function raw(database: Database, statements: string[]): Promise<void> {
  const { location } = database as Located;
  if ('sqliteFile' in location) {
    const file = new SQLite(location.sqliteFile);
    try {
      for (const s of statements) file.exec(s);
    } finally {
      file.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location.databaseUrl });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** Changes one row's detail with the update trigger out of the way, as someone with the file could. */
function tamper(database: Database, id: number, detail: string | null): Promise<void> {
  const value = detail === null ? 'null' : `'${detail.replace(/'/g, "''")}'`;
  return database.dialect === 'sqlite'
    ? raw(database, [
        'drop trigger audit_log_no_update',
        `update audit_log set detail = ${value} where id = ${id}`,
        `create trigger audit_log_no_update before update on audit_log
           begin select raise(abort, 'audit_log is append-only'); end`,
      ])
    : raw(database, [
        'alter table audit_log disable trigger audit_log_no_update',
        `update audit_log set detail = ${value} where id = ${id}`,
        'alter table audit_log enable trigger audit_log_no_update',
      ]);
}

async function lastId(database: Database, action: string): Promise<number> {
  const row = await database.db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('canonical serialisation', () => {
  it('length-prefixes every field, so moving text between fields changes the hash', () => {
    const base = {
      seq: 1,
      at: '2026-03-04T17:30:05.120Z',
      accountId: null,
      username: 'a|b',
      ip: null,
      action: 'team.create',
      targetType: null,
      targetId: null,
      regionCode: null,
      result: 'success',
      detail: '大名',
      prevHash: GENESIS_HASH,
    };
    expect(canonicalAuditText(base)).toContain('|3:a|b|');
    expect(canonicalAuditText(base)).toContain('|6:大名|');
    expect(auditRowHash(base)).not.toBe(auditRowHash({ ...base, username: 'a', ip: 'b' }));
  });
});

describeEachDialect('audit hash chain', (db, dialect) => {
  it('chains every write, and verify reports OK with the row count', async () => {
    const repo = new AuditRepo(db().db);
    for (let i = 0; i < 5; i++)
      await repo.write(by, { action: 'team.create', result: 'success', detail: { name: `队伍${i}` } });
    const status = await verifyAuditChain(db().db);
    const total = await db()
      .db.selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(status).toEqual({ ok: true, rows: Number(total.n), anchorSeq: 0 });
    const rows = await db()
      .db.selectFrom('auditLog')
      .select(['seq', 'prevHash', 'hash'])
      .orderBy('seq')
      .execute();
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
    });
  });

  it('names a row changed through a raw connection that bypasses the trigger', async () => {
    const repo = new AuditRepo(db().db);
    await repo.write(by, { action: 'account.role.change', result: 'success', detail: { to: 'auditor' } });
    const id = await lastId(db(), 'account.role.change');
    await repo.write(by, { action: 'team.update', result: 'success' });
    const original = JSON.stringify({ to: 'auditor' });

    await tamper(db(), id, JSON.stringify({ to: 'sys_admin' }));
    const status = await verifyAuditChain(db().db);
    expect(status.ok).toBe(false);
    if (status.ok) return;
    expect(status.broken).toMatchObject({ id, action: 'account.role.change', reason: 'content' });

    // Put back exactly as it was, the chain holds again: verify reads the content, not a flag.
    await tamper(db(), id, original);
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });

  it('refuses an unchained row and any UPDATE through the application connection', async () => {
    await expect(
      sql`update audit_log set result = 'failure' where id = ${await lastId(db(), 'team.update')}`.execute(
        db().db,
      ),
    ).rejects.toThrow(/append-only/);
    if (dialect === 'sqlite') {
      // SQLite computes the link in the application; a row that is not the next link is refused.
      await expect(
        sql`insert into audit_log (at, action, result, seq, prev_hash, hash)
            values (${new Date().toISOString()}, 'team.create', 'success', 999, ${GENESIS_HASH}, ${GENESIS_HASH})`.execute(
          db().db,
        ),
      ).rejects.toThrow(/append-only/);
    } else {
      // PostgreSQL chains whatever is inserted, even by hand, and ignores a forged position.
      await sql`insert into audit_log (at, action, result, seq, prev_hash, hash)
          values (now(), 'team.create', 'success', 999, ${GENESIS_HASH}, ${GENESIS_HASH})`.execute(db().db);
      const row = await db()
        .db.selectFrom('auditLog')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(Number(row.seq)).not.toBe(999);
      expect(row.hash).not.toBe(GENESIS_HASH);
    }
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });

  it('refuses to delete a row within its retention period, even by SQL', async () => {
    const repo = new AuditRepo(db().db);
    await repo.write(by, { action: 'export.volunteers', result: 'success' }, ago(400));
    const youngExport = await lastId(db(), 'export.volunteers');
    const young = await lastId(db(), 'team.update');
    await expect(sql`delete from audit_log where id = ${young}`.execute(db().db)).rejects.toThrow(
      /append-only/,
    );
    // An export is kept 3 years: 400 days is not enough.
    await expect(sql`delete from audit_log where id = ${youngExport}`.execute(db().db)).rejects.toThrow(
      /append-only/,
    );
    // Not even a raw connection of its own gets round it.
    await expect(raw(db(), [`delete from audit_log where id = ${young}`])).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });

  it('purges old rows in a transaction, keeps the chain verifiable, and audits the purge', async () => {
    const repo = new AuditRepo(db().db);
    for (let i = 0; i < 3; i++)
      await repo.write(by, { action: 'team.create', result: 'success' }, ago(300 + i));
    await repo.write(by, { action: 'statistics.report_download', result: 'success' }, ago(1200));
    await repo.write(by, { action: 'team.update', result: 'success' });
    const before = await db().db.selectFrom('auditLog').select(['id', 'action', 'at']).execute();
    const old = before.filter((r) => Date.parse(r.at) < Date.now() - 184 * DAY);
    const oldKept = old.filter((r) => r.action === 'export.volunteers');
    expect(old.length).toBe(5);

    const result = await purgeAuditLog(db().db, {
      audit: (tx, r) =>
        new AuditRepo(tx).write(by, { action: 'audit.purge', result: 'success', detail: { ...r } }),
    });
    expect(result.removed).toBe(4);
    const after = await db().db.selectFrom('auditLog').select(['id', 'action']).execute();
    expect(after.length).toBe(before.length - 4 + 1);
    for (const r of old.filter((o) => !oldKept.includes(o)))
      expect(after.some((a) => a.id === r.id)).toBe(false);
    expect(after.some((a) => a.id === oldKept[0]!.id)).toBe(true);
    const purge = await db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'audit.purge')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(purge.detail!)).toMatchObject({ removed: 4 });

    const status = await verifyAuditChain(db().db);
    expect(status).toMatchObject({ ok: true, rows: after.length, anchorSeq: result.anchorSeq });
    const chain = await db().db.selectFrom('auditChain').selectAll().executeTakeFirstOrThrow();
    expect(Number(chain.anchorSeq)).toBe(result.anchorSeq);
    expect(chain.keptDigest).not.toBeNull();

    // A second purge finds nothing more, and the chain still holds.
    const again = await purgeAuditLog(db().db, { audit: async () => {} });
    expect(again.removed).toBe(0);
    expect((await verifyAuditChain(db().db)).ok).toBe(true);

    // A row kept below the anchor is still protected by its own hash.
    await tamper(db(), oldKept[0]!.id, '{"rows":0}');
    const broken = await verifyAuditChain(db().db);
    expect(broken).toMatchObject({ ok: false, broken: { id: oldKept[0]!.id, reason: 'content' } });
    await tamper(db(), oldKept[0]!.id, null);
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });
});

describeEachDialect('audit hash chain under concurrent writers', (db, dialect) => {
  it('50 parallel audited transactions leave one unbroken chain in commit order', async () => {
    const write = (i: number) =>
      db()
        .db.transaction()
        .execute(async (tx) => {
          await new AuditRepo(tx).write(by, { action: 'team.update', result: 'success', detail: { i } });
          // Hold the transaction open a little after the insert, so ids would commit out of order.
          if (dialect === 'postgres') await sql`select pg_sleep(${(i % 5) / 200})`.execute(tx);
        });
    await Promise.all(Array.from({ length: 50 }, (_, i) => write(i)));
    const status = await verifyAuditChain(db().db);
    expect(status.ok).toBe(true);
    expect(status.rows).toBeGreaterThanOrEqual(50);
  });
});

describeEachDialect('audit writes inside business transactions', (db, dialect) => {
  it('two transactions that meet on the same row in opposite order both commit (no deadlock), chained', async () => {
    const region = await db().db.selectFrom('regions').select('code').limit(1).executeTakeFirstOrThrow();
    const touch = (tx: Kysely<DB>) =>
      tx
        .updateTable('regions')
        .set({ name: sql`name` })
        .where('code', '=', region.code)
        .execute();
    const pause = (tx: Kysely<DB>, ms: number) =>
      dialect === 'postgres' ? sql`select pg_sleep(${ms / 1000})`.execute(tx) : Promise.resolve();
    // A: audit first, then the row. B: the row first, then audit. Were the chain lock taken at the
    // INSERT, A would hold it while waiting for B's row, and B would wait for it: a deadlock.
    const a = db()
      .db.transaction()
      .execute(async (tx) => {
        await new AuditRepo(tx).write(by, { action: 'team.update', result: 'success', detail: { tx: 'a' } });
        await pause(tx, 100);
        await touch(tx);
      });
    const b = db()
      .db.transaction()
      .execute(async (tx) => {
        await touch(tx);
        await pause(tx, 300);
        await new AuditRepo(tx).write(by, { action: 'team.update', result: 'success', detail: { tx: 'b' } });
      });
    await Promise.all([a, b]);
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });
});

describeEachDialect('migration 0015 chains the rows already there', (db) => {
  it('chains old rows in id order on the way up', async () => {
    const migrator = new Migrator({ db: db().db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('0014_two_factor');
    expect(down.error).toBeUndefined();
    for (let i = 0; i < 3; i++)
      await sql`insert into audit_log (at, username, action, result, detail)
          values (${new Date(Date.now() - i * 1000).toISOString()}, ${'老记录'}, 'team.create', 'success', ${`{"i":${i}}`})`.execute(
        db().db,
      );
    await migrateToLatest(db());
    const status = await verifyAuditChain(db().db);
    expect(status.ok).toBe(true);
    expect(status.rows).toBeGreaterThanOrEqual(3);
    await new AuditRepo(db().db).write(by, { action: 'team.create', result: 'success' });
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });
});

describeEachDialect('daily retention purge', (db) => {
  it('is scheduled once a day and runs as a job, audited as the scheduler', async () => {
    const now = new Date();
    await scheduleAuditPurge(db().db, now);
    await scheduleAuditPurge(db().db, now);
    const jobs = await db().db.selectFrom('jobs').selectAll().where('kind', '=', 'audit_purge').execute();
    expect(jobs).toHaveLength(1);
    await new AuditRepo(db().db).write(by, { action: 'team.create', result: 'success' }, ago(400));
    const outcome = await runDueJobs(db().db, new Date(now.getTime() + DAY));
    expect(outcome.failed).toBe(0);
    const purge = await db()
      .db.selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'audit.purge')
      .executeTakeFirstOrThrow();
    expect(purge.username).toBe('scheduler');
    expect(JSON.parse(purge.detail!)).toMatchObject({ removed: 1 });
    expect((await verifyAuditChain(db().db)).ok).toBe(true);
  });
});
