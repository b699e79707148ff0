import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/database';
import { prepareDatabase } from '../../src/server/runtime';
import { projectRoot } from '../../src/server/config';
import { requireAllTests } from './skip';

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string | null;
    runId: string;
  }
}

/** The seed every test database starts from: migrated, with the Handan region tree. */
export const TEST_SEED_REGION = '1304';

export const adminUrl = (url: string, database = 'postgres') => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function dropDatabasesWithPrefix(client: pg.Client, prefix: string) {
  const { rows } = await client.query<{ datname: string }>(
    'select datname from pg_database where datname like $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
}

/**
 * Migrate and seed once per run into templates; each test file then copies the SQLite file or
 * clones the PostgreSQL template database instead of migrating again.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'rongzhi-test-'));
  const sqliteTemplate = path.join(dir, 'template.sqlite');
  const sqlite = createDatabase({ sqliteFile: sqliteTemplate });
  await prepareDatabase(sqlite, TEST_SEED_REGION);
  await sqlite.close();

  let pgTemplate: string | null = null;
  const url = process.env.TEST_DATABASE_URL;
  const admin = url ? new pg.Client({ connectionString: url }) : null;
  if (url && admin) {
    await admin.connect();
    pgTemplate = `rongzhi_tpl_${runId}`;
    await admin.query(`create database "${pgTemplate}"`);
    const database = createDatabase({ databaseUrl: adminUrl(url, pgTemplate) });
    await prepareDatabase(database, TEST_SEED_REGION);
    await database.close();
  } else if (requireAllTests) {
    throw new Error('RONGZHI_REQUIRE_ALL_TESTS=1 but TEST_DATABASE_URL is not set');
  }

  // The browser tests serve the built web app. RONGZHI_SKIP_WEB_BUILD=1 saves the build when only
  // server tests are run by hand.
  const browserTests = existsSync('/usr/bin/chromium') || requireAllTests;
  if (browserTests && process.env.RONGZHI_SKIP_WEB_BUILD !== '1') {
    const { build } = await import('vite');
    await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
  }

  project.provide('sqliteTemplate', sqliteTemplate);
  project.provide('pgTemplate', pgTemplate);
  project.provide('runId', runId);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (admin && pgTemplate) {
      await dropDatabasesWithPrefix(admin, `rongzhi_t_${runId}`);
      await admin.query(`drop database if exists "${pgTemplate}" with (force)`);
      await admin.end();
    }
  };
}
