import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/types';
import { chunks } from './rowParsing';

/**
 * INSERTs many rows, `batchSize` per statement, inside the caller's transaction. Building and compiling
 * a 10,000-parameter statement in Kysely costs about as much as SQLite's work on it, so the SQL of a
 * full batch is compiled once and reused with the next batches' values (row by row, in key order; this
 * is checked against Kysely's own parameters before it is relied on).
 */
export async function insertMany<T extends keyof DB & string>(
  tx: Kysely<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
  batchSize: number,
  onBatch: (written: number) => void = () => {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const keys = Object.keys(rows[0]!);
  const flat = (batch: Insertable<DB[T]>[]) =>
    batch.flatMap((row) => keys.map((k) => (row as Record<string, unknown>)[k]));
  let reusable: { size: number; sql: string } | null = null;
  let written = 0;
  for (const batch of chunks(rows, batchSize)) {
    if (reusable && reusable.size === batch.length) {
      await tx.executeQuery(CompiledQuery.raw(reusable.sql, flat(batch)));
    } else {
      const compiled = tx
        .insertInto(table)
        .values(batch as never)
        .compile();
      const params = flat(batch);
      const sameOrder =
        batch.every((row) => Object.keys(row).join() === keys.join()) &&
        compiled.parameters.length === params.length &&
        compiled.parameters.every((p, i) => p === params[i]);
      reusable = sameOrder ? { size: batch.length, sql: compiled.sql } : null;
      await tx.executeQuery(compiled);
    }
    written += batch.length;
    onBatch(written);
  }
  return written;
}
