import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { generate } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fictionalVolunteers, volunteersWorkbook } from '../../bench/generate';
import type { Database } from '../../src/db/database';
import { projectRoot } from '../../src/server/config';
import { XLSX_MIME } from '../../src/web/api';
import { verifyAuditChain } from '../../src/modules/audit/chain';
import { createTestDatabase } from '../support/db';
import { fakeIdCard } from '../support/registry';
import { describeWhen } from '../support/skip';

/**
 * Kill tests: the server process is killed with SIGKILL at a random moment while it writes. After a
 * restart the database is intact, every write the server acknowledged is there, and an all-or-nothing
 * import is either wholly there or not at all.
 */
const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin', 'rongzhi.js');
const PASSWORD = 'Kill-test-2026!';
const randomBetween = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

/**
 * Waits until the server has acknowledged its first write of a round (a loaded machine can take
 * seconds for the first one), then a random while longer: the kill then always lands among writes,
 * never before any. Gives up after a minute, and the round's own assertions say why.
 */
async function untilWriting(
  acknowledged: readonly unknown[],
  writing: Promise<unknown>,
  lo: number,
  hi: number,
) {
  const already = acknowledged.length;
  const deadline = Date.now() + 60_000;
  let done = false;
  writing.then(
    () => (done = true),
    () => (done = true),
  );
  while (acknowledged.length === already && !done && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, randomBetween(lo, hi)));
}

interface Server {
  url: string;
  child: ChildProcess;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describeWhen(dialect === 'sqlite' || !!process.env.TEST_DATABASE_URL, 'PostgreSQL (TEST_DATABASE_URL)')(
    `killed mid-write [${dialect}]`,
    () => {
      let database: Awaited<ReturnType<typeof createTestDatabase>>;
      const env = () => ({
        ...process.env,
        RONGZHI_DATA_DIR: database.dataDir,
        DATABASE_URL: 'databaseUrl' in database.location ? database.location.databaseUrl : '',
        RONGZHI_DEMO: '0',
        RONGZHI_LOG: '0',
        PORT: '0',
      });

      async function start(): Promise<Server> {
        const child = spawn(process.execPath, [bin, 'serve'], {
          env: env(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
          child.stdout!.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const m = /已启动：(http:\/\/\S+)/.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(m[1]!);
            }
          });
          child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
        });
        return { url, child };
      }

      async function kill(server: Server) {
        const exited = new Promise((resolve) => server.child.once('exit', resolve));
        server.child.kill('SIGKILL');
        await exited;
      }

      // A city administrator must use an authenticator: the first sign-in enrols one (its secret is
      // kept here), later ones answer with the current code. The server is restarted faster than codes
      // change, so the last used time step is forgotten first (replay refusal is tested in twofactor.test.ts).
      let totpSecret: string | undefined;
      async function signIn(url: string): Promise<Record<string, string>> {
        const base = { 'content-type': 'application/json', 'x-requested-with': 'rongzhi' };
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: base,
          body: JSON.stringify({ username: 'killer', password: PASSWORD }),
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { pending?: { step: string; enrollment?: { secret: string } } };
        const cookieNamed = (r: Response, name: string) =>
          r.headers
            .getSetCookie()
            .find((c) => c.startsWith(`${name}=`))
            ?.split(';')[0];
        let done = res;
        if (body.pending) {
          const challenge = { ...base, cookie: cookieNamed(res, 'rz_login')! };
          if (body.pending.step === 'enroll') {
            totpSecret = body.pending.enrollment!.secret;
            done = await fetch(`${url}/api/auth/login/enroll`, {
              method: 'POST',
              headers: challenge,
              body: JSON.stringify({ code: await generate({ secret: totpSecret }) }),
            });
          } else {
            expect(body.pending.step).toBe('totp');
            await database.db.updateTable('accountTwoFactor').set({ lastUsedStep: null }).execute();
            done = await fetch(`${url}/api/auth/login/second-factor`, {
              method: 'POST',
              headers: challenge,
              body: JSON.stringify({ code: await generate({ secret: totpSecret! }) }),
            });
          }
          expect(done.status).toBe(200);
        }
        return { cookie: cookieNamed(done, 'rz_session')!, 'x-requested-with': 'rongzhi' };
      }

      function checkSqliteIntegrity() {
        if (!('sqliteFile' in database.location)) return;
        const raw = new SQLite(database.location.sqliteFile, { readonly: true });
        try {
          expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        } finally {
          raw.close();
        }
      }

      beforeAll(async () => {
        // The test database lives at <dataDir>/rongzhi.sqlite, exactly where the server looks for it.
        database = await createTestDatabase(dialect);
        await run(
          process.execPath,
          [
            bin,
            'users',
            'create',
            '--username',
            'killer',
            '--password',
            PASSWORD,
            '--role',
            'city_admin',
            '--region',
            '130400000000',
          ],
          { env: env() },
        );
      }, 120_000);
      afterAll(async () => {
        await database?.close();
      });

      it('keeps every acknowledged write', async () => {
        for (let round = 0; round < 3; round++) {
          const server = await start();
          const headers = await signIn(server.url);
          const acknowledged: string[] = [];
          let stop = false;
          const writer = (async () => {
            for (let i = 0; !stop; i++) {
              const name = `断电测试队${round}-${i}`;
              try {
                const res = await fetch(`${server.url}/api/teams`, {
                  method: 'POST',
                  headers: { ...headers, 'content-type': 'application/json' },
                  body: JSON.stringify({
                    name,
                    category: 'station',
                    regionCode: '130425000000',
                    leaderName: '孙队长',
                  }),
                });
                if (res.status === 200) acknowledged.push(name);
                else if (!stop) throw new Error(`write refused: ${res.status} ${await res.text()}`);
              } catch (error) {
                if (!stop) throw error;
              }
            }
          })();
          await untilWriting(acknowledged, writer, 100, 1200);
          stop = true;
          await kill(server);
          await writer;
          expect(acknowledged.length).toBeGreaterThan(0);
          checkSqliteIntegrity();
          const db = await reopen();
          const names = new Set(
            (
              await db.db
                .selectFrom('teams')
                .select('name')
                .where('name', 'like', `断电测试队${round}-%`)
                .execute()
            ).map((r) => r.name),
          );
          expect(acknowledged.filter((n) => !names.has(n))).toEqual([]);
        }
      }, 180_000);

      it('keeps every acknowledged check-in, written in groups, and the audit chain whole', async () => {
        // A team of 60 signed up for an activity under way; staff check them in by proxy, 20 at a time
        // (concurrent check-ins share one commit), and the server is killed in the middle.
        let server = await start();
        let headers = await signIn(server.url);
        const post = async (url: string, body?: object) => {
          const res = await fetch(`${server.url}${url}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body ?? {}),
          });
          const json = (await res.json()) as { id?: string; error?: unknown };
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
          return json;
        };
        const village = await database.db
          .selectFrom('regions')
          .select('code')
          .where('level', '=', 'village')
          .where('code', 'like', '130425%')
          .orderBy('code')
          .executeTakeFirstOrThrow();
        const team = await post('/api/teams', {
          name: '签到断电测试队',
          category: 'station',
          regionCode: '130425000000',
          leaderName: '钱队长',
        });
        await post(`/api/teams/${team.id}/submit`);
        await post(`/api/teams/${team.id}/approve`);
        const volunteerIds: string[] = [];
        for (let i = 0; i < 60; i++) {
          const v = await post('/api/volunteers', {
            name: `签到队员${i}`,
            idCard: fakeIdCard('19580101'),
            residenceCode: village.code,
            isVeteran: true,
            veteranKind: 'soldier',
            teamId: team.id,
          });
          volunteerIds.push(v.id!);
        }
        const start10 = Date.now() - 10 * 60_000;
        const activity = await post('/api/activities', {
          title: '断电测试集中签到',
          kind: 'own',
          teamId: team.id,
          regionCode: '130425000000',
          place: '大名县人民广场',
          startsAt: new Date(start10).toISOString(),
          endsAt: new Date(start10 + 3 * 3600_000).toISOString(),
          capacity: 60,
          serviceObject: '社区群众',
          theme: '断电测试',
        });
        await post(`/api/activities/${activity.id}/publish`);
        await post(`/api/activities/${activity.id}/signups`, { volunteerIds });

        const checkedIn = async () =>
          new Set(
            (
              await database.db
                .selectFrom('attendance')
                .select('volunteerId')
                .where('activityId', '=', activity.id!)
                .where('checkInAt', 'is not', null)
                .execute()
            ).map((r) => r.volunteerId),
          );
        const acknowledged: string[] = [];
        for (let round = 0; round < 3; round++) {
          if (round > 0) {
            server = await start();
            headers = await signIn(server.url);
          }
          const already = await checkedIn();
          const queue = volunteerIds.filter((v) => !already.has(v));
          if (queue.length === 0) break;
          let stop = false;
          const worker = async () => {
            for (let v = queue.shift(); v && !stop; v = queue.shift()) {
              try {
                const res = await fetch(`${server.url}/api/activities/${activity.id}/proxy-check`, {
                  method: 'POST',
                  headers: { ...headers, 'content-type': 'application/json' },
                  body: JSON.stringify({ volunteerId: v, direction: 'in' }),
                });
                if (res.status === 200) acknowledged.push(v);
                else if (!stop) throw new Error(`check-in refused: ${res.status} ${await res.text()}`);
              } catch (error) {
                if (!stop) throw error;
              }
            }
          };
          const workers = Array.from({ length: 20 }, worker);
          await untilWriting(acknowledged, Promise.all(workers), 0, 300);
          stop = true;
          await kill(server);
          await Promise.all(workers);
          checkSqliteIntegrity();
          const present = await checkedIn();
          expect(acknowledged.filter((v) => !present.has(v))).toEqual([]);
          expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
        }
        expect(acknowledged.length).toBeGreaterThan(0);
        // Every check-in that is there was audited with it (group commit writes both or neither).
        const audited = await database.db
          .selectFrom('auditLog')
          .select('targetId')
          .where('action', '=', 'attendance.check_in')
          .where('targetId', '=', activity.id!)
          .where('result', '=', 'success')
          .execute();
        expect(audited.length).toBe((await checkedIn()).size);
      }, 240_000);

      it('applies an all-or-nothing import wholly or not at all', async () => {
        const villages = (
          await (
            await reopen()
          ).db
            .selectFrom('regions')
            .select('code')
            .where('level', '=', 'village')
            .where('code', 'like', '130425%')
            .limit(50)
            .execute()
        ).map((r) => r.code);
        const rows = fictionalVolunteers(8000, villages, 77);
        const file = await volunteersWorkbook(rows);
        for (let round = 0; round < 2; round++) {
          const before = await volunteerCount();
          const server = await start();
          const headers = await signIn(server.url);
          const job = randomUUID();
          const upload = fetch(`${server.url}/api/imports/volunteers?mode=all-or-nothing&job=${job}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': XLSX_MIME },
            body: new Uint8Array(file),
          }).then(
            (res) => res.status,
            () => 'killed' as const,
          );
          // Wait until the rows are checked and being written, then kill at a random moment of the write.
          for (let i = 0; i < 600; i++) {
            const res = await fetch(`${server.url}/api/imports/progress/${job}`, { headers });
            if (res.status === 200 && ((await res.json()) as { phase: string }).phase === 'writing') break;
            await new Promise((r) => setTimeout(r, 50));
          }
          await new Promise((r) => setTimeout(r, randomBetween(0, 1500)));
          await kill(server);
          const status = await upload;
          checkSqliteIntegrity();
          const after = await volunteerCount();
          if (status === 200) expect(after - before).toBe(rows.length);
          else expect([0, rows.length]).toContain(after - before);
          if (after - before === rows.length) break; // landed whole; a second round would only find duplicates
        }
      }, 240_000);

      async function reopen(): Promise<Database> {
        // The test's own connection sees what the killed server left (SQLite: the same file, WAL replayed).
        return database;
      }
      async function volunteerCount(): Promise<number> {
        const row = await database.db
          .selectFrom('volunteers')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }
    },
  );
}
