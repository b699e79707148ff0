import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp } from '../support/app';
import { login, places, seedWorld, type Session } from '../support/auth';
import { createTestDatabase } from '../support/db';
import { fakeIdCard, fakePhone } from '../support/registry';
import { describeWhen } from '../support/skip';

/**
 * No personal number may be found in clear anywhere the database keeps bytes: the SQLite file and its
 * write-ahead log, or a full pg_dump. Volunteers are registered through the API, as a user would; then
 * the raw bytes are searched for every ID-card number and phone, whole and in the parts the display
 * mask hides (birth date and sequence of the ID, the middle and end of the phone).
 */

const run = promisify(execFile);

function hasPgDump(): boolean {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What must never be stored in clear for one person. */
const needles = (idCard: string, phone: string) => [
  idCard,
  idCard.slice(6), // birth date, sequence and check digit: everything the mask hides, with the tail
  idCard.slice(6, 14), // the birth date the mask hides
  phone,
  phone.slice(3), // the masked middle with the last four digits
];

const found = (haystack: Buffer, values: string[]) => values.filter((v) => haystack.includes(Buffer.from(v)));

function suite(dialect: 'sqlite' | 'postgres') {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: FastifyInstance;
  let daming: Session;
  const people: { idCard: string; phone: string }[] = [];

  /** Every byte the database holds, as an attacker holding its files or a dump would see it. */
  async function rawBytes(): Promise<Buffer> {
    const where = database.location;
    if ('sqliteFile' in where) {
      const parts = [readFileSync(where.sqliteFile)];
      if (existsSync(`${where.sqliteFile}-wal`)) parts.push(readFileSync(`${where.sqliteFile}-wal`));
      return Buffer.concat(parts);
    }
    const { stdout } = await run('pg_dump', ['--format=plain', '--no-owner', '--dbname', where.databaseUrl], {
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'buffer',
    });
    return stdout;
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedWorld(database);
    app = await createTestApp(database);
    daming = await login(app, 'daming');
    for (let i = 0; i < 8; i++) {
      const person = { idCard: fakeIdCard('19620315', i % 2 === 0), phone: fakePhone() };
      const res = await app.inject({
        method: 'POST',
        url: '/api/volunteers',
        headers: daming.headers,
        payload: {
          name: `明文检查${i}`,
          idCard: person.idCard,
          phone: person.phone,
          residenceCode: places.damingzhen,
          isVeteran: true,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      // Reveal once: the audit row of a reveal must not carry the number either.
      const reveal = await app.inject({
        method: 'POST',
        url: `/api/volunteers/${res.json().id}/reveal`,
        headers: daming.headers,
        payload: { field: 'idCard' },
      });
      expect(reveal.statusCode).toBe(200);
      expect(reveal.json().value).toBe(person.idCard);
      people.push(person);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('finds no ID-card number or phone in clear, whole or in the masked parts', async () => {
    const bytes = await rawBytes();
    expect(bytes.length).toBeGreaterThan(10_000);
    const leaks = people.flatMap((p) => found(bytes, needles(p.idCard, p.phone)));
    expect(leaks).toEqual([]);
  });

  it('sanity: the same search finds a number deliberately stored in clear', async () => {
    // An unencrypted column: if a field were stored like this, the search above would fail.
    const canary = { idCard: fakeIdCard('19710704'), phone: fakePhone() };
    await sql`update volunteers set skills = ${`${canary.idCard} ${canary.phone}`}
      where id = (select min(id) from volunteers)`.execute(database.db);
    const bytes = await rawBytes();
    expect(found(bytes, needles(canary.idCard, canary.phone))).toEqual(needles(canary.idCard, canary.phone));
  });
}

describeWhen(true, '')('personal numbers are never stored in clear [sqlite]', () => suite('sqlite'));
describeWhen(!!process.env.TEST_DATABASE_URL && hasPgDump(), 'PostgreSQL (TEST_DATABASE_URL) and pg_dump')(
  'personal numbers are never stored in clear [postgres]',
  () => suite('postgres'),
);
