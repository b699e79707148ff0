import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import {
  fieldCryptoFromRing,
  keyIdOf,
  readKeyRing,
  writeKeyRing,
  type FieldCrypto,
  type KeyRing,
} from './fieldCrypto';

/**
 * Key rotation without downtime. The new key is added as the primary (running servers see the file
 * change within a second and encrypt with it; every key in the ring still decrypts); after a grace
 * period the rows still under the older keys are re-encrypted in batches, one transaction each, each
 * row only if it still holds the ciphertext that was read (a concurrent change wins); an older key
 * leaves the ring only when no column holds a ciphertext made with it. The lookup hash key stays.
 */

/** Every column holding field ciphertexts: by convention, and in every migration, `*_enc`. */
export async function encryptedColumns(db: Kysely<DB>): Promise<{ table: string; column: string }[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ t: string; c: string }>`
      select table_name as t, column_name as c from information_schema.columns
      where table_schema = current_schema() and column_name like '%!_enc' escape '!'
      order by table_name, column_name`.execute(db);
    return rows.map((r) => ({ table: r.t, column: r.c }));
  }
  const { rows } = await sql<{ t: string; c: string }>`
    select m.name as t, p.name as c from sqlite_master m, pragma_table_info(m.name) p
    where m.type = 'table' and m.name not like 'sqlite!_%' escape '!' and p.name like '%!_enc' escape '!'
    order by m.name, p.name`.execute(db);
  return rows.map((r) => ({ table: r.t, column: r.c }));
}

const prefixOf = (keyId: string) => `v1.${keyId}.%`;

/** How many ciphertexts each key id of the ring has, over every encrypted column. */
export async function ciphertextCounts(db: Kysely<DB>, keyIds: string[]): Promise<Map<string, number>> {
  const counts = new Map(keyIds.map((id) => [id, 0]));
  for (const { table, column } of await encryptedColumns(db)) {
    for (const id of keyIds) {
      const { rows } = await sql<{ n: number | string }>`
        select count(*) as n from ${sql.id(table)} where ${sql.id(column)} like ${prefixOf(id)}`.execute(db);
      counts.set(id, counts.get(id)! + Number(rows[0]?.n ?? 0));
    }
  }
  return counts;
}

/** Re-encrypts, under the primary key, every value of one column made with `keyId`; returns how many. */
async function reencryptColumn(
  db: Kysely<DB>,
  crypto: FieldCrypto,
  target: { table: string; column: string },
  keyId: string,
  batch: number,
): Promise<number> {
  let done = 0;
  const skipped = new Set<string>();
  for (;;) {
    const { rows } = await sql<{ v: string }>`
      select ${sql.id(target.column)} as v from ${sql.id(target.table)}
      where ${sql.id(target.column)} like ${prefixOf(keyId)} limit ${batch + skipped.size}`.execute(db);
    const todo = rows.map((r) => r.v).filter((v) => !skipped.has(v));
    if (todo.length === 0) return done;
    await db.transaction().execute(async (tx) => {
      for (const old of todo) {
        let plain: string;
        try {
          plain = crypto.decrypt(old);
        } catch {
          // Unreadable (damaged): left as it is, so its key stays in the ring and the count shows it.
          skipped.add(old);
          continue;
        }
        const fresh = crypto.encrypt(plain);
        const result = await sql`
          update ${sql.id(target.table)} set ${sql.id(target.column)} = ${fresh}
          where ${sql.id(target.column)} = ${old}`.execute(tx);
        const n = Number(result.numAffectedRows ?? 0);
        done += n;
        // Changed in the meantime by someone else: whatever is there now is looked at on the next pass.
        if (n === 0) skipped.add(old);
      }
    });
  }
}

export interface RotationResult {
  newKeyId: string;
  reencrypted: number;
  retired: string[];
  /** Keys still holding ciphertexts after the sweeps (left in the ring; run rotate --resume again). */
  stillUsed: Record<string, number>;
}

export interface RotationOptions {
  /** The key file (a ring, or one bare key in the first format). */
  file: string;
  /** Rows per transaction. */
  batch?: number;
  /** Time for running servers to notice the new primary before the sweep (they look once a second). */
  graceMs?: number;
  /** Re-encrypt under the current primary and retire what is unused, without adding a key. */
  resume?: boolean;
  log?: (line: string) => void;
}

/** `rongzhi keys rotate`. */
export async function rotateKeys(db: Kysely<DB>, options: RotationOptions): Promise<RotationResult> {
  const log = options.log ?? (() => {});
  const batch = options.batch ?? 500;
  let ring: KeyRing = readKeyRing(options.file);
  if (!options.resume) {
    let key = randomBytes(32);
    while (ring.keys.has(keyIdOf(key))) key = randomBytes(32);
    const id = keyIdOf(key);
    const keys = new Map(ring.keys);
    keys.set(id, { key, addedAt: new Date().toISOString() });
    // The ring file first: from here on every process that reads it decrypts both, encrypts with the new.
    ring = { primary: id, keys, hashKey: ring.hashKey };
    writeKeyRing(options.file, ring);
    log(`已加入新主密钥 ${id}，等待运行中的服务读取密钥环…`);
    await sleep(options.graceMs ?? 3000);
  }
  const crypto = fieldCryptoFromRing(ring);
  const older = [...ring.keys.keys()].filter((id) => id !== ring.primary);
  const columns = await encryptedColumns(db);
  let reencrypted = 0;
  let remaining = new Map<string, number>();
  // A second pass catches what a process that had not yet seen the new key wrote during the first.
  for (let pass = 0; pass < 3; pass++) {
    for (const target of columns)
      for (const id of older) {
        const n = await reencryptColumn(db, crypto, target, id, batch);
        if (n) log(`${target.table}.${target.column}：${n} 条由 ${id} 改为 ${ring.primary}`);
        reencrypted += n;
      }
    remaining = await ciphertextCounts(db, older);
    if ([...remaining.values()].every((n) => n === 0)) break;
    await sleep(options.graceMs ?? 3000);
  }
  const retired = older.filter((id) => remaining.get(id) === 0);
  if (retired.length) {
    // Re-read: only this command writes the ring, but keep whatever else it holds now.
    const current = readKeyRing(options.file);
    const keys = new Map(current.keys);
    for (const id of retired) keys.delete(id);
    writeKeyRing(options.file, { ...current, keys });
    log(`已从密钥环移除不再使用的密钥：${retired.join(', ')}`);
  }
  const stillUsed = Object.fromEntries([...remaining].filter(([, n]) => n > 0));
  return { newKeyId: ring.primary, reencrypted, retired, stillUsed };
}
