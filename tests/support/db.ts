import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, type Database, type DialectName } from '../../src/db/database';
import { describeWhen } from './skip';

let counter = 0;

/** A fresh database copied from the run's template: a copied SQLite file or a cloned PostgreSQL database. */
export async function createTestDatabase(
  dialect: DialectName,
): Promise<Database & { dataDir: string; location: { sqliteFile: string } | { databaseUrl: string } }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rongzhi-db-'));
  if (dialect === 'sqlite') {
    const file = path.join(dataDir, 'rongzhi.sqlite');
    copyFileSync(inject('sqliteTemplate'), file);
    const database = createDatabase({ sqliteFile: file });
    return {
      ...database,
      dataDir,
      location: { sqliteFile: file },
      async close() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('pgTemplate');
  const name = `rongzhi_t_${inject('runId')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = createDatabase({ databaseUrl: u.toString() });
  return {
    ...database,
    dataDir,
    location: { databaseUrl: u.toString() },
    async close() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

const hasPostgres = !!process.env.TEST_DATABASE_URL;

/**
 * Runs the same suite once per dialect: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (required in CI). The suite gets a getter for its own fresh database.
 */
export function describeEachDialect(name: string, suite: (db: () => Database, dialect: DialectName) => void) {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const available = dialect === 'sqlite' || hasPostgres;
    describeWhen(available, 'PostgreSQL (TEST_DATABASE_URL)')(`${name} [${dialect}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(dialect);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      }, dialect);
    });
  }
}
