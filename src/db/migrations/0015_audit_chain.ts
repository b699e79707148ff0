import { createHash } from 'node:crypto';
import { sql, type Migration } from 'kysely';
import { isPostgres, timestampType, type AnyDb } from './helpers';

/*
 * The audit log becomes a hash chain (see src/modules/audit/chain.ts), existing rows included, and the
 * append-only triggers gain one exception: the retention purge may delete a row older than 6 months
 * (exports and downloads: 3 years). The database compares the row's time with its own clock, so no
 * statement can delete a younger row. The hash serialisation below is frozen: chain.ts must match it.
 */

const GENESIS = '0'.repeat(64);
const LOCK_KEY = 7_015_000_015;

const field = (value: string | null): string =>
  value === null ? '-|' : `${Buffer.byteLength(value, 'utf8')}:${value}|`;

type OldRow = Record<string, string | number | null | undefined>;

/** A column of a row read by raw SQL, whether or not the connection camel-cases names. */
function column(row: OldRow, name: string): string | null {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const value = row[name] ?? row[camel];
  return value === undefined || value === null ? null : String(value);
}

function sqliteHash(row: OldRow, seq: number, prevHash: string): string {
  const text =
    'rongzhi-audit-v1|' +
    [
      String(seq),
      column(row, 'at'),
      column(row, 'account_id'),
      column(row, 'username'),
      column(row, 'ip'),
      column(row, 'action'),
      column(row, 'target_type'),
      column(row, 'target_id'),
      column(row, 'region_code'),
      column(row, 'result'),
      column(row, 'detail'),
      prevHash,
    ]
      .map(field)
      .join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const exportAction = (column: string) =>
  sql.raw(`(${column} like '%export%' or ${column} like '%download%')`);

async function createChainTable(db: AnyDb) {
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
    .addColumn('anchor_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('kept_digest', 'varchar(64)')
    .addColumn('updated_at', timestampType(db))
    .execute();
  await db
    .insertInto('audit_chain')
    .values({ id: 1, anchor_seq: 0, anchor_hash: GENESIS, kept_digest: null, updated_at: null })
    .execute();
}

async function upSqlite(db: AnyDb) {
  await sql`drop trigger audit_log_no_update`.execute(db);
  await sql`drop trigger audit_log_no_delete`.execute(db);
  await sql`alter table audit_log add column seq integer`.execute(db);
  await sql`alter table audit_log add column prev_hash varchar(64)`.execute(db);
  await sql`alter table audit_log add column hash varchar(64)`.execute(db);
  await createChainTable(db);

  // Chain the rows already there, in id order.
  let prev = GENESIS;
  let seq = 0;
  for (let after = 0; ;) {
    const rows =
      await sql<OldRow>`select * from audit_log where id > ${after} order by id limit 2000`.execute(db);
    for (const row of rows.rows) {
      seq++;
      const hash = sqliteHash(row, seq, prev);
      await sql`update audit_log set seq = ${seq}, prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`.execute(
        db,
      );
      prev = hash;
    }
    if (rows.rows.length < 2000) break;
    after = Number(rows.rows[rows.rows.length - 1]!.id);
  }
  await sql`create unique index audit_log_seq_idx on audit_log (seq)`.execute(db);

  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  // Deleting is the retention purge's alone: only a row older than its retention period.
  await sql`create trigger audit_log_no_delete before delete on audit_log
    when old.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
      case when ${exportAction('old.action')} then '-3 years' else '-6 months' end)
    begin select raise(abort, 'audit_log is append-only: a row within its retention period cannot be deleted'); end`.execute(
    db,
  );
  // A new row must be the next link: position head + 1, previous hash the head's.
  await sql`create trigger audit_log_chain_check before insert on audit_log
    when new.seq is null or new.hash is null or new.prev_hash is null
      or new.seq <> max(coalesce((select max(seq) from audit_log), 0),
                        (select anchor_seq from audit_chain where id = 1)) + 1
      or new.prev_hash <> (case
        when coalesce((select max(seq) from audit_log), 0) > (select anchor_seq from audit_chain where id = 1)
        then (select hash from audit_log where seq = (select max(seq) from audit_log))
        else (select anchor_hash from audit_chain where id = 1) end)
    begin select raise(abort, 'audit_log is append-only: a row must be appended at the head of the chain'); end`.execute(
    db,
  );
  await sql`create trigger audit_chain_no_delete before delete on audit_chain
    begin select raise(abort, 'audit_chain cannot be deleted'); end`.execute(db);
  await sql`create trigger audit_chain_forward before update on audit_chain
    when new.anchor_seq < old.anchor_seq or new.id <> old.id
    begin select raise(abort, 'audit_chain: the anchor only moves forward'); end`.execute(db);
}

async function upPostgres(db: AnyDb) {
  await sql`alter table audit_log add column seq bigint`.execute(db);
  await sql`alter table audit_log add column prev_hash varchar(64)`.execute(db);
  await sql`alter table audit_log add column hash varchar(64)`.execute(db);
  await createChainTable(db);

  await sql`create function audit_log_field(v text) returns text language sql immutable as $$
    select case when v is null then '-|' else octet_length(v)::text || ':' || v || '|' end $$`.execute(db);
  await sql`create function audit_log_canonical(r audit_log) returns text language sql stable as $$
    select 'rongzhi-audit-v1|'
      || audit_log_field(r.seq::text)
      || audit_log_field(to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      || audit_log_field(r.account_id) || audit_log_field(r.username) || audit_log_field(r.ip)
      || audit_log_field(r.action) || audit_log_field(r.target_type) || audit_log_field(r.target_id)
      || audit_log_field(r.region_code) || audit_log_field(r.result) || audit_log_field(r.detail)
      || audit_log_field(r.prev_hash) $$`.execute(db);
  await sql`create function audit_log_hash(r audit_log) returns varchar language sql stable as $$
    select encode(sha256(convert_to(audit_log_canonical(r), 'UTF8')), 'hex') $$`.execute(db);

  // Chain the rows already there, in id order (the update trigger is bypassed for this one statement).
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
  await sql`do $$
    declare r audit_log; s bigint := 0; h varchar := ${sql.lit(GENESIS)};
    begin
      for r in select * from audit_log order by id loop
        s := s + 1;
        r.seq := s;
        r.prev_hash := h;
        h := audit_log_hash(r);
        update audit_log set seq = s, prev_hash = r.prev_hash, hash = h where id = r.id;
      end loop;
    end $$`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  // seq, prev_hash and hash stay nullable: a row is inserted unchained and linked at its commit.
  await sql`create unique index audit_log_seq_idx on audit_log (seq)`.execute(db);

  // A row is linked at its transaction's COMMIT, not at its INSERT: a deferred constraint trigger takes
  // the chain lock then, after every business row lock the transaction needed is already held, so a
  // transaction holding the chain lock never waits for another's row (no deadlock), and positions follow
  // commit order. Until then the row is unchained (seq, prev_hash, hash null; forged values dropped).
  await sql`create function audit_log_unchained() returns trigger language plpgsql as $$
    begin
      new.seq := null;
      new.prev_hash := null;
      new.hash := null;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_log_unchained before insert on audit_log
    for each row execute function audit_log_unchained()`.execute(db);
  await sql`create function audit_log_chain() returns trigger language plpgsql as $$
    declare head_seq bigint; head_hash varchar; a_seq bigint; a_hash varchar; r audit_log;
    begin
      perform pg_advisory_xact_lock(${sql.lit(LOCK_KEY)});
      select anchor_seq, anchor_hash into a_seq, a_hash from audit_chain where id = 1;
      select seq, hash into head_seq, head_hash from audit_log
        where seq is not null order by seq desc limit 1;
      if head_seq is null or head_seq <= a_seq then
        head_seq := a_seq;
        head_hash := a_hash;
      end if;
      select * into r from audit_log where id = new.id;
      r.seq := head_seq + 1;
      r.prev_hash := head_hash;
      update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = audit_log_hash(r)
        where id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger audit_log_chain after insert on audit_log
    deferrable initially deferred for each row execute function audit_log_chain()`.execute(db);

  // Append-only, except that a row older than its retention period may be deleted (the purge), and
  // that the chain trigger links a row once, at its commit.
  await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if pg_trigger_depth() > 1 and old.hash is null and old.seq is null
           and (new.id, new.at, new.account_id, new.username, new.ip, new.action, new.target_type,
                new.target_id, new.region_code, new.result, new.detail)
               is not distinct from
               (old.id, old.at, old.account_id, old.username, old.ip, old.action, old.target_type,
                old.target_id, old.region_code, old.result, old.detail) then
          return new;
        end if;
      end if;
      if tg_op = 'DELETE' then
        if old.at < (now() - (case when ${exportAction('old.action')}
                                   then interval '3 years' else interval '6 months' end)) then
          return old;
        end if;
        raise exception 'audit_log is append-only: a row within its retention period cannot be deleted';
      end if;
      raise exception 'audit_log is append-only';
    end $$`.execute(db);

  await sql`create function audit_chain_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.id = old.id and new.anchor_seq >= old.anchor_seq then return new; end if;
      raise exception 'audit_chain: the anchor only moves forward';
    end $$`.execute(db);
  await sql`create trigger audit_chain_guard before update or delete on audit_chain
    for each row execute function audit_chain_guard()`.execute(db);
}

export const migration0015AuditChain: Migration = {
  async up(db: AnyDb) {
    if (isPostgres(db)) await upPostgres(db);
    else await upSqlite(db);
  },
  async down(db: AnyDb) {
    if (isPostgres(db)) {
      await sql`drop trigger audit_chain_guard on audit_chain`.execute(db);
      await sql`drop function audit_chain_guard()`.execute(db);
      await sql`drop trigger audit_log_chain on audit_log`.execute(db);
      await sql`drop function audit_log_chain()`.execute(db);
      await sql`drop trigger audit_log_unchained on audit_log`.execute(db);
      await sql`drop function audit_log_unchained()`.execute(db);
      await sql`drop function audit_log_hash(audit_log)`.execute(db);
      await sql`drop function audit_log_canonical(audit_log)`.execute(db);
      await sql`drop function audit_log_field(text)`.execute(db);
      await sql`drop index audit_log_seq_idx`.execute(db);
      await sql`alter table audit_log drop column seq, drop column prev_hash, drop column hash`.execute(db);
      await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    } else {
      await sql`drop trigger audit_chain_forward`.execute(db);
      await sql`drop trigger audit_chain_no_delete`.execute(db);
      await sql`drop trigger audit_log_chain_check`.execute(db);
      await sql`drop trigger audit_log_no_delete`.execute(db);
      await sql`drop index audit_log_seq_idx`.execute(db);
      await sql`alter table audit_log drop column hash`.execute(db);
      await sql`alter table audit_log drop column prev_hash`.execute(db);
      await sql`alter table audit_log drop column seq`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
    await db.schema.dropTable('audit_chain').execute();
  },
};
