import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testCrypto } from '../../../tests/support/app';
import { login, places, seedWorld, type Session, type World } from '../../../tests/support/auth';
import { createTestDatabase, describeEachDialect } from '../../../tests/support/db';
import { statisticsFixtures } from '../../../tests/support/statistics.fixtures';
import { createDatabase, readerOf, withReplica } from '../../db/database';
import type { DB } from '../../db/types';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';

const YEAR = 2026;
const PG_URL = 'postgres://rongzhi@127.0.0.1:5432/rongzhi';

/** A month's confirmed minutes for the whole city, written straight into the rollup the dashboard reads. */
const putCityMinutes = (db: Kysely<DB>, minutes: number) =>
  db
    .insertInto('statAreaMonth')
    .values({ len: 4, area: '1304', month: `${YEAR}-03`, minutes, records: 1 })
    .execute();

const auditCount = async (db: Kysely<DB>, action: string) =>
  Number(
    (
      await db
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('DATABASE_REPLICA_URL: configuration', () => {
  it('is optional and needs a PostgreSQL primary: with SQLite the start stops with a message saying so', () => {
    expect(loadConfig({}).databaseReplicaUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: PG_URL }).databaseReplicaUrl).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: PG_URL, DATABASE_REPLICA_URL: `${PG_URL}_standby` }).databaseReplicaUrl,
    ).toBe(`${PG_URL}_standby`);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: PG_URL })).toThrow(/DATABASE_REPLICA_URL.*PostgreSQL/);
    expect(() => loadConfig({ DATABASE_URL: PG_URL, DATABASE_REPLICA_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_REPLICA_URL 须为 postgres/,
    );
  });

  it('refuses a replica beside a SQLite database, whichever way it is opened', async () => {
    expect(() => createDatabase({ sqliteFile: ':memory:', replicaUrl: PG_URL })).toThrow(/SQLite/);
    const sqlite = createDatabase({ sqliteFile: ':memory:' });
    try {
      expect(() => withReplica(sqlite, PG_URL)).toThrow(/SQLite/);
      expect(withReplica(sqlite, undefined)).toBe(sqlite);
      await expect(
        buildApp({ database: sqlite, fieldCrypto: testCrypto, replicaUrl: PG_URL }),
      ).rejects.toThrow(/SQLite/);
    } finally {
      await sqlite.close();
    }
  });
});

describeEachDialect('statistics without a replica: the primary serves the dashboard', (db) => {
  let app: FastifyInstance;
  let city: Session;

  beforeAll(async () => {
    await seedWorld(db());
    app = await createTestApp(db());
    city = await login(app, 'city');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reads the figures from the one database it has', async () => {
    expect(app.database.reader).toBeUndefined();
    expect(readerOf(app.database)).toBe(db().db);
    await putCityMinutes(db().db, 600);
    const res = await app.inject({
      url: `/api/statistics/overview?year=${YEAR}&month=3`,
      headers: city.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals.minutesMonth).toBe(600);
  });
});

describeEachDialect('statistics with a read replica', (db, dialect) => {
  if (dialect === 'sqlite') {
    it('is refused on SQLite at start, the database left as it was', async () => {
      await expect(
        buildApp({ database: db(), fieldCrypto: testCrypto, logger: false, replicaUrl: PG_URL }),
      ).rejects.toThrow(/DATABASE_REPLICA_URL.*SQLite/);
      expect(db().reader).toBeUndefined();
      expect(readerOf(db())).toBe(db().db);
    });
    return;
  }

  // PostgreSQL: a second database plays the standby. It starts from the same template but holds other
  // figures, a team of its own and no accounts, so each answer shows which database it came from.
  let replica: Awaited<ReturnType<typeof createTestDatabase>>;
  let replicaUrl: string;
  let app: FastifyInstance;
  let world: World;
  let city: Session;
  let daming: Session;

  beforeAll(async () => {
    replica = await createTestDatabase('postgres');
    replicaUrl = (replica.location as { databaseUrl: string }).databaseUrl;
    world = await seedWorld(db());
    await putCityMinutes(db().db, 600);
    await putCityMinutes(replica.db, 4200);
    await statisticsFixtures(replica.db, testCrypto).team(world.villageCode, '只在副本上的队伍');
    app = await buildApp({ database: db(), fieldCrypto: testCrypto, logger: false, replicaUrl });
    await app.ready();
    city = await login(app, 'city');
    daming = await login(app, 'daming');
  });
  afterAll(async () => {
    await app?.close();
    await replica?.close();
  });

  const currentDatabase = async (k: Kysely<DB>) =>
    (await sql<{ name: string }>`select current_database() as name`.execute(k)).rows[0]!.name;

  it('opens a read-only pool on the replica beside the primary', async () => {
    const reader = app.database.reader as Kysely<DB>;
    expect(reader).toBeDefined();
    expect(await currentDatabase(reader)).toBe(new URL(replicaUrl).pathname.slice(1));
    expect(await currentDatabase(app.database.db)).not.toBe(await currentDatabase(reader));
    // A write sent to the replica by mistake fails instead of landing there.
    await expect(putCityMinutes(reader, 1)).rejects.toThrow(/read-only/);
  });

  it('answers the dashboard from the replica, the session and the scope check from the primary', async () => {
    // The replica has no accounts: the sign-in and each request's session were the primary's.
    expect(
      Number(
        (
          await replica.db
            .selectFrom('accounts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
    const res = await app.inject({
      url: `/api/statistics/overview?year=${YEAR}&month=3`,
      headers: city.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.totals.minutesMonth).toBe(4200);
    expect(o.totals.teams).toBe(1);
    // Scope is decided as before: a county's staff still cannot look at another county.
    const other = await app.inject({
      url: `/api/statistics/overview?regionCode=${places.guantao}`,
      headers: daming.headers,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('computes reports from the replica, saves their texts and audits downloads on the primary', async () => {
    const q = `from=${YEAR}-01-01&to=${YEAR}-12-31`;
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/statistics/reports/work?${q}`,
      headers: city.headers,
      payload: {
        texts: { opening: '开篇', teamBuilding: '队伍', management: '管理', brands: '品牌', closing: '结语' },
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // The text just saved shows at once (read back from the primary); the numbers are the replica's.
    expect(saved.json().texts.opening).toBe('开篇');
    expect(saved.json().numbers.minutes).toBe(4200);
    const textsIn = async (k: Kysely<DB>) =>
      (await k.selectFrom('statReportTexts').select('sections').execute()).length;
    expect(await textsIn(db().db)).toBe(1);
    expect(await textsIn(replica.db)).toBe(0);

    const before = await auditCount(db().db, 'statistics.export');
    const xlsx = await app.inject({
      url: `/api/statistics/overview.xlsx?year=${YEAR}&month=3`,
      headers: city.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(await auditCount(db().db, 'statistics.export')).toBe(before + 1);
    expect(await auditCount(replica.db, 'statistics.export')).toBe(0);
  });

  it('exports exchange rows read from the replica, the export audited on the primary', async () => {
    const csv = await app.inject({ url: '/api/statistics/exchange/teams?format=csv', headers: city.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('只在副本上的队伍');
    expect(await auditCount(db().db, 'statistics.exchange_export')).toBe(1);
    expect(await auditCount(replica.db, 'statistics.exchange_export')).toBe(0);
  });

  it('closes the replica pool it opened when the app closes, leaving the primary open', async () => {
    const other = await buildApp({ database: db(), fieldCrypto: testCrypto, logger: false, replicaUrl });
    const reader = other.database.reader as Kysely<DB>;
    expect(await currentDatabase(reader)).toBe(await currentDatabase(replica.db));
    await other.close();
    await expect(currentDatabase(reader)).rejects.toThrow();
    expect(await currentDatabase(db().db)).toBe(await currentDatabase(app.database.db));
  });
});
