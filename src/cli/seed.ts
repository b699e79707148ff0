/**
 * `rongzhi seed --scale tiny|handan|hebei`: realistic data on the real region tree, for benchmarks only
 * (never in CI, never on a production database).
 *
 * - handan: 5,835 villages, ~5,800 teams, ~40,000 volunteers, ~1,000,000 service records over three years;
 * - hebei: 54,145 villages, ~55,000 teams, ~400,000 volunteers, ~10,000,000 service records;
 * - tiny: the first 40 villages of Handan with the same distributions, for the tests.
 *
 * Distributions: team sizes are heavy-tailed (a few large teams, many small ones); a few volunteers do
 * most of the service; service dates peak on the key dates (学雷锋日, 清明, 七一, 八一, 烈士纪念日, 国庆,
 * 国际志愿者日, 春节前后). Rows go in by bulk: prepared statements in one transaction on SQLite, COPY on
 * PostgreSQL. The rollup triggers of 0012 are switched off for the load and the rollup tables are
 * rebuilt from the rows afterwards with a few set-based statements (the same sums the triggers keep).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import { openSqlite, type Database } from '../db/database';
import { importRegions } from '../modules/regions/regions.import';
import { seedServiceFields } from '../modules/teams/serviceFields';
import { starLevelFor } from '../shared/activities';
import { withCheckDigit } from '../shared/idcard';
import { veteranKinds } from '../shared/registry';
import type { FieldCrypto } from '../server/security/fieldCrypto';

export interface ScaleSpec {
  /** The region tree the data lives on: a city (4 digits) or a province (2 digits). */
  region: string;
  /** Use only the first N villages (by code); undefined = all. */
  villages?: number;
  /** Per village of the tree in use. */
  teamsPerVillage: number;
  volunteersPerVillage: number;
  recordsPerVolunteer: number;
  activitiesPerTeam: number;
}

export const scales = {
  tiny: {
    region: '1304',
    villages: 40,
    teamsPerVillage: 1,
    volunteersPerVillage: 7,
    recordsPerVolunteer: 25,
    activitiesPerTeam: 8,
  },
  handan: {
    region: '1304',
    teamsPerVillage: 0.994,
    volunteersPerVillage: 6.86,
    recordsPerVolunteer: 25,
    activitiesPerTeam: 8.6,
  },
  hebei: {
    region: '13',
    teamsPerVillage: 1.016,
    volunteersPerVillage: 7.39,
    recordsPerVolunteer: 25,
    activitiesPerTeam: 8.6,
  },
} satisfies Record<string, ScaleSpec>;
export type ScaleName = keyof typeof scales;

export type SeedTarget = { sqliteFile: string } | { databaseUrl: string };

export interface SeedResult {
  villages: number;
  teams: number;
  volunteers: number;
  activities: number;
  records: number;
  ms: number;
  /** CPU time of this process (user + system): on a shared machine, steadier than wall time. */
  cpuMs: number;
}

/** A deterministic pseudo-random sequence (same seed, same data). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const surnames =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const given =
  '国建军志明华平伟强磊洋勇艳娜静丽敏杰涛斌超波辉鹏刚霞红英兰芳玲桂秀云峰宇浩然振兴卫东海江山林春秋冬梅松柏荣耀忠诚';
const branches = ['陆军', '海军', '空军', '火箭军', '武警'];
const skills = ['驾驶', '急救', '文艺', '理论宣讲', '法律咨询', '维修', '摄影', '医疗', ''];
/** Key dates (month-day) and what the service on them is called. */
const keyDates: [string, string][] = [
  ['01-20', '春节走访慰问'],
  ['03-05', '学雷锋志愿服务'],
  ['04-04', '清明祭扫英烈'],
  ['07-01', '七一党员志愿服务'],
  ['08-01', '八一拥军优属'],
  ['09-30', '烈士纪念日祭扫'],
  ['10-01', '国庆志愿服务'],
  ['12-05', '国际志愿者日服务'],
];
const dailyNames = ['政策宣讲', '助老帮扶', '环境整治', '义务巡逻', '应急救援演练', '交通疏导', '义诊'];
const DAY = 86_400_000;

/**
 * Time-ordered ids (RFC 9562 version 7 layout) for the big tables: rows then go to the end of the
 * primary-key index instead of a random place in it, which is most of the cost of a bulk load.
 */
function orderedIds(random: () => number) {
  const base = Date.now();
  let seq = 0;
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0');
  return () => {
    const ms = base + Math.floor(seq / 4096);
    const a = seq++ % 4096;
    const t = hex(ms, 12);
    return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(a, 3)}-${hex(0x8000 + random() * 0x3fff, 4)}-${hex(random() * 2 ** 24, 6)}${hex(random() * 2 ** 24, 6)}`;
  };
}

/** Weighted sampling over a heavy-tailed weight list (cumulative sums + binary search). */
function sampler(weights: Float64Array, random: () => number) {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cum[i] = total += weights[i]!;
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** One table's bulk sink: rows as arrays in the column order given. */
interface Sink {
  add(row: unknown[]): Promise<void> | void;
  close(): Promise<void>;
}
interface Bulk {
  sink(table: string, columns: string[]): Promise<Sink>;
  exec(statement: string): Promise<void>;
  /** Switch the 0012 rollup triggers off (and back on) for the load. */
  rollupTriggers(on: boolean): Promise<void>;
  /** Drop a table's secondary indexes for the load (false) and build them again after it (true). */
  secondaryIndexes(table: string, on: boolean): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const ROLLUP_TABLES = ['service_records', 'volunteers', 'activities'];

function sqliteBulk(sqlite: SQLite.Database): Bulk {
  let saved: { name: string; sql: string }[] = [];
  const indexes = new Map<string, { name: string; sql: string }[]>();
  sqlite.exec('begin');
  return {
    async sink(table, columns) {
      const insert = sqlite.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      return { add: (row) => void insert.run(...row), close: async () => {} };
    },
    async exec(statement) {
      sqlite.exec(statement);
    },
    async rollupTriggers(on) {
      if (!on) {
        saved = sqlite
          .prepare(
            `select name, sql from sqlite_master where type = 'trigger' and name like 'stat%'
             and tbl_name in (${ROLLUP_TABLES.map((t) => `'${t}'`).join(', ')})`,
          )
          .all() as { name: string; sql: string }[];
        for (const t of saved) sqlite.exec(`drop trigger ${t.name}`);
      } else {
        for (const t of saved) sqlite.exec(t.sql);
      }
    },
    async secondaryIndexes(table, on) {
      if (!on) {
        const list = sqlite
          .prepare(
            `select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`,
          )
          .all(table) as { name: string; sql: string }[];
        indexes.set(table, list);
        for (const i of list) sqlite.exec(`drop index ${i.name}`);
      } else {
        for (const i of indexes.get(table) ?? []) sqlite.exec(i.sql);
      }
    },
    async commit() {
      sqlite.exec('commit');
    },
    async rollback() {
      if (sqlite.inTransaction) sqlite.exec('rollback');
    },
  };
}

/** COPY text format: \N for null, backslash escapes for the few characters that need them. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

async function pgBulk(client: pg.Client): Promise<Bulk> {
  const { from: copyFrom } = await import('pg-copy-streams');
  const indexes = new Map<string, { indexname: string; indexdef: string }[]>();
  await client.query('begin');
  return {
    async sink(table, columns) {
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
      let buffer = '';
      const flush = async () => {
        const chunk = buffer;
        buffer = '';
        if (!stream.write(chunk)) await once(stream, 'drain');
      };
      return {
        add(row) {
          buffer += `${row.map(copyField).join('\t')}\n`;
          if (buffer.length > 1 << 16) return flush();
        },
        async close() {
          if (buffer) await flush();
          stream.end();
          await finished(stream);
        },
      };
    },
    async exec(statement) {
      await client.query(statement);
    },
    async rollupTriggers(on) {
      const names: Record<string, string> = {
        service_records: 'stat_service_records',
        volunteers: 'stat_volunteers',
        activities: 'stat_activities',
      };
      for (const table of ROLLUP_TABLES)
        await client.query(`alter table ${table} ${on ? 'enable' : 'disable'} trigger ${names[table]}`);
    },
    async secondaryIndexes(table, on) {
      if (!on) {
        // Plain indexes only: the primary key and unique constraints stay.
        const { rows } = await client.query<{ indexname: string; indexdef: string }>(
          `select i.indexname, i.indexdef from pg_indexes i
           where i.schemaname = current_schema() and i.tablename = $1
             and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
          [table],
        );
        indexes.set(table, rows);
        for (const i of rows) await client.query(`drop index ${i.indexname}`);
      } else {
        for (const i of indexes.get(table) ?? []) await client.query(i.indexdef);
      }
    },
    async commit() {
      await client.query('commit');
    },
    async rollback() {
      await client.query('rollback');
    },
  };
}

/**
 * Rebuild the 0012 rollups from the rows (the whole tables, so rows that were there before count too):
 * exactly the sums the triggers keep row by row.
 */
function rollupRebuild(postgres: boolean): string[] {
  const activityMonth = postgres
    ? `to_char(a.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM')`
    : `strftime('%Y-%m', a.starts_at, '+8 hours')`;
  return [
    'delete from stat_team_month',
    `insert into stat_team_month (team_id, month, region_code, minutes, records)
      select r.team_id, substr(r.service_date, 1, 7), t.region_code, sum(r.minutes), count(*)
      from service_records r join teams t on t.id = r.team_id where r.status = 'confirmed'
      group by r.team_id, substr(r.service_date, 1, 7), t.region_code`,
    'delete from stat_team_year',
    `insert into stat_team_year (team_id, year, region_code, minutes, records)
      select team_id, cast(substr(month, 1, 4) as integer), region_code, sum(minutes), sum(records)
      from stat_team_month group by team_id, cast(substr(month, 1, 4) as integer), region_code`,
    'delete from stat_area_month',
    `insert into stat_area_month (len, area, month, minutes, records)
      select l.len, substr(m.region_code, 1, l.len), m.month, sum(m.minutes), sum(m.records)
      from stat_team_month m, stat_lengths l group by l.len, substr(m.region_code, 1, l.len), m.month`,
    'delete from stat_activity_area',
    `insert into stat_activity_area (len, area, month, field_id, activities)
      select l.len, substr(a.region_code, 1, l.len), ${activityMonth}, coalesce(a.field_id, ''), count(*)
      from activities a, stat_lengths l where a.status in ('published', 'ongoing', 'completed')
      group by l.len, substr(a.region_code, 1, l.len), ${activityMonth}, coalesce(a.field_id, '')`,
    'delete from stat_volunteer_area',
    `insert into stat_volunteer_area (len, area, volunteers, veterans)
      select l.len, substr(v.residence_code, 1, l.len), count(*), sum(v.is_veteran)
      from volunteers v, stat_lengths l group by l.len, substr(v.residence_code, 1, l.len)`,
    'delete from stat_volunteer_profile',
    `insert into stat_volunteer_profile (len, area, star_level, birth_year, volunteers)
      select l.len, substr(v.residence_code, 1, l.len), v.star_level,
        cast(substr(v.birth_date, 1, 4) as integer), count(*)
      from volunteers v, stat_lengths l
      group by l.len, substr(v.residence_code, 1, l.len), v.star_level, cast(substr(v.birth_date, 1, 4) as integer)`,
  ];
}

export interface SeedOptions {
  scale: ScaleName;
  /** Override the village limit of the scale. */
  villages?: number;
  seed?: number;
  /** The last day of the three years of service (default: today). */
  until?: Date;
  log?: (line: string) => void;
}

/**
 * Seed `database` (already migrated; the region tree is imported here when missing) at a scale.
 * `target` names the same database for the bulk connection.
 */
export async function seedScale(
  database: Database,
  target: SeedTarget,
  crypto: FieldCrypto,
  options: SeedOptions,
): Promise<SeedResult> {
  const spec: ScaleSpec = { ...scales[options.scale] };
  if (options.villages !== undefined) spec.villages = options.villages;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const log = (line: string) =>
    options.log?.(`[${((performance.now() - started) / 1000).toFixed(1)} 秒] ${line}`);
  const db = database.db;
  const prefix = spec.region;
  const hasTree = await db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'village')
    .where('code', 'like', `${prefix}%`)
    .limit(1)
    .executeTakeFirst();
  if (!hasTree) {
    log(`导入区划 ${prefix} …`);
    await importRegions(database, prefix.length === 2 ? { province: prefix } : { city: prefix });
  }
  await seedServiceFields(db);
  let villageQuery = db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 'village')
    .where('code', 'like', `${prefix}%`)
    .orderBy('code');
  if (spec.villages !== undefined) villageQuery = villageQuery.limit(spec.villages);
  const villages = (await villageQuery.execute()).map((r) => r.code);
  const fields = (await db.selectFrom('serviceFields').select('id').orderBy('sort').execute()).map(
    (r) => r.id,
  );
  const lastNo = await db
    .selectFrom('volunteers')
    .select(sql<string | null>`max(volunteer_no)`.as('max'))
    .executeTakeFirst();
  const firstNo = lastNo?.max ? Number(lastNo.max.slice(2)) + 1 : 1;

  const V = villages.length;
  const nTeams = Math.max(1, Math.round(V * spec.teamsPerVillage));
  const nVolunteers = Math.max(nTeams, Math.round(V * spec.volunteersPerVillage));
  const nRecords = Math.round(nVolunteers * spec.recordsPerVolunteer);
  const nActivities = Math.round(nTeams * spec.activitiesPerTeam);
  log(
    `${V} 个村（社区）：${nTeams} 支队伍，${nVolunteers} 名志愿者，${nActivities} 场活动，${nRecords} 条服务记录`,
  );

  const random = prng(options.seed ?? 1304);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[] | string) => list[int(list.length)] as T;
  const until = options.until ?? new Date();
  const endDay = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  const startDay = Date.UTC(until.getUTCFullYear() - 3, until.getUTCMonth(), until.getUTCDate()) + DAY;
  const spanDays = Math.round((endDay - startDay) / DAY) + 1;
  const now = new Date().toISOString();

  // Teams: one or so per village; sizes heavy-tailed (weight u^-1.3: a few large teams, many small).
  const teamIds: string[] = [];
  const teamRegion: string[] = [];
  const teamWeight = new Float64Array(nTeams);
  for (let i = 0; i < nTeams; i++) {
    teamIds.push(randomUUID());
    teamRegion.push(villages[i % V]!);
    teamWeight[i] = Math.min(400, (1 - random()) ** -1.3);
  }
  const pickTeam = sampler(teamWeight, random);

  // Volunteers: a team each; most live in the team's village. Activity weights heavy-tailed too.
  const volunteerTeam = new Int32Array(nVolunteers);
  const volunteerWeight = new Float64Array(nVolunteers);
  for (let i = 0; i < nVolunteers; i++) {
    // Every team gets at least one person (its leader); the rest by weight.
    volunteerTeam[i] = i < nTeams ? i : pickTeam();
    volunteerWeight[i] = Math.min(60, (1 - random()) ** -0.9);
  }
  const pickVolunteer = sampler(volunteerWeight, random);

  // Service records, drawn first so each volunteer's confirmed minutes and star are known on insert.
  const recVolunteer = new Int32Array(nRecords);
  const recDay = new Int32Array(nRecords);
  const recMinutes = new Int16Array(nRecords);
  const recName = new Uint8Array(nRecords);
  const recConfirmed = new Uint8Array(nRecords);
  const confirmedMinutes = new Float64Array(nVolunteers);
  const years = [...new Set([0, 1, 2, 3].map((k) => until.getUTCFullYear() - k))];
  for (let i = 0; i < nRecords; i++) {
    const v = pickVolunteer();
    let day: number;
    let name: number;
    if (random() < 0.35) {
      // A key date (or a day either side) in one of the years of the window.
      const k = int(keyDates.length);
      const d = Date.parse(`${pick(years)}-${keyDates[k]![0]}T00:00:00Z`) + (int(5) - 2) * DAY;
      day = Math.min(spanDays - 1, Math.max(0, Math.round((d - startDay) / DAY)));
      name = k;
    } else {
      day = int(spanDays);
      name = keyDates.length + int(dailyNames.length);
    }
    const minutes = 30 * (1 + int(8));
    // Recent service is partly still waiting for confirmation; a little older service too.
    const confirmed = spanDays - day <= 30 ? random() < 0.5 : random() < 0.98;
    recVolunteer[i] = v;
    recDay[i] = day;
    recMinutes[i] = minutes;
    recName[i] = name;
    recConfirmed[i] = confirmed ? 1 : 0;
    if (confirmed) confirmedMinutes[v]! += minutes;
  }

  const bulkDb =
    'sqliteFile' in target
      ? { kind: 'sqlite' as const, handle: openSqlite(target.sqliteFile) }
      : { kind: 'postgres' as const, handle: new pg.Client({ connectionString: target.databaseUrl }) };
  if (bulkDb.kind === 'sqlite') {
    bulkDb.handle.pragma('synchronous = OFF');
    bulkDb.handle.pragma('cache_size = -400000');
  } else {
    await bulkDb.handle.connect();
  }
  const bulk = bulkDb.kind === 'sqlite' ? sqliteBulk(bulkDb.handle) : await pgBulk(bulkDb.handle);
  try {
    await bulk.rollupTriggers(false);
    await bulk.secondaryIndexes('service_records', false);
    const nextId = orderedIds(random);

    const teams = await bulk.sink('teams', [
      'id',
      'name',
      'category',
      'region_code',
      'path',
      'leader_name',
      'description',
      'status',
      'founded_on',
      'created_at',
      'updated_at',
      'version',
    ]);
    for (let i = 0; i < nTeams; i++) {
      const id = teamIds[i]!;
      const status = random() < 0.96 ? 'approved' : pick(['submitted', 'draft', 'suspended'] as const);
      await teams.add([
        id,
        `${teamRegion[i]!.slice(6)}村退役军人志愿服务队${i + 1}`,
        random() < 0.85 ? 'station' : 'integrated',
        teamRegion[i],
        `/${id}/`,
        `${pick<string>(surnames)}${pick<string>(given)}${pick<string>(given)}`,
        '',
        status,
        `20${18 + int(8)}-0${1 + int(9)}-1${int(10)}`,
        now,
        now,
        1,
      ]);
    }
    await teams.close();
    // One COPY at a time per connection: each table's sink is closed before the next opens.
    const teamFields = await bulk.sink('team_fields', ['team_id', 'field_id']);
    for (let i = 0; i < nTeams; i++) {
      const n = 1 + int(3);
      const first = int(fields.length);
      for (let k = 0; k < n && k < fields.length; k++)
        await teamFields.add([teamIds[i], fields[(first + k) % fields.length]]);
    }
    await teamFields.close();
    log('队伍已写入');

    const volunteerIds: string[] = new Array(nVolunteers);
    const volunteers = await bulk.sink('volunteers', [
      'id',
      'volunteer_no',
      'name',
      'gender',
      'birth_date',
      'id_card_enc',
      'id_card_hash',
      'phone_enc',
      'phone_hash',
      'residence_code',
      'is_veteran',
      'veteran_kind',
      'branch',
      'service_years',
      'party_member',
      'veteran_secretary',
      'skills',
      'publicity_consent',
      'created_at',
      'updated_at',
      'confirmed_minutes',
      'star_level',
    ]);
    const membershipRows: unknown[][] = [];
    const usedIdCards = new Set<string>();
    for (let i = 0; i < nVolunteers; i++) {
      const id = randomUUID();
      volunteerIds[i] = id;
      const team = volunteerTeam[i]!;
      const residence = random() < 0.85 ? teamRegion[team]! : villages[int(V)]!;
      const birth = `${1945 + int(56)}${String(1 + int(12)).padStart(2, '0')}${String(1 + int(28)).padStart(2, '0')}`;
      let seq = int(1000);
      let body = `${residence.slice(0, 6)}${birth}${String(seq).padStart(3, '0')}`;
      while (usedIdCards.has(body)) {
        seq = (seq + 1) % 1000;
        body = `${residence.slice(0, 6)}${birth}${String(seq).padStart(3, '0')}`;
      }
      usedIdCards.add(body);
      const idCard = withCheckDigit(body);
      const phone = random() < 0.7 ? `1${3 + (i % 7)}${String(i).padStart(9, '0')}` : null;
      const veteran = random() < 0.8;
      const minutes = confirmedMinutes[i]!;
      await volunteers.add([
        id,
        `RZ${String(firstNo + i).padStart(8, '0')}`,
        `${pick<string>(surnames)}${pick<string>(given)}${random() < 0.6 ? pick<string>(given) : ''}`,
        random() < 0.85 ? 'M' : 'F',
        `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
        crypto.encrypt(idCard),
        crypto.hash(idCard),
        phone ? crypto.encrypt(phone) : null,
        phone ? crypto.hash(phone) : null,
        residence,
        veteran ? 1 : 0,
        veteran ? pick(veteranKinds) : null,
        veteran ? pick(branches) : null,
        veteran ? 2 + int(20) : null,
        random() < 0.5 ? 1 : 0,
        random() < 0.02 ? 1 : 0,
        pick(skills),
        random() < 0.7 ? 1 : 0,
        now,
        now,
        minutes,
        starLevelFor(minutes),
      ]);
      membershipRows.push([
        randomUUID(),
        teamIds[team],
        id,
        i < nTeams ? 'leader' : random() < 0.1 ? 'backbone' : 'member',
        `20${19 + int(6)}-0${1 + int(9)}-0${1 + int(9)}`,
      ]);
    }
    await volunteers.close();
    const memberships = await bulk.sink('memberships', [
      'id',
      'team_id',
      'volunteer_id',
      'role',
      'joined_on',
    ]);
    for (const row of membershipRows) await memberships.add(row);
    await memberships.close();
    membershipRows.length = 0;
    usedIdCards.clear();
    log('志愿者已写入');

    // Activities: past ones completed, a few in the coming month published (sign-up and check-in).
    const activities = await bulk.sink('activities', [
      'id',
      'title',
      'kind',
      'team_id',
      'region_code',
      'field_id',
      'place',
      'starts_at',
      'ends_at',
      'capacity',
      'service_object',
      'theme',
      'description',
      'status',
      'checkin_secret',
      'fixed_code',
      'created_at',
      'updated_at',
    ]);
    for (let i = 0; i < nActivities; i++) {
      const team = pickTeam();
      const upcoming = random() < 0.03;
      const day = upcoming ? endDay + (1 + int(30)) * DAY : startDay + int(spanDays) * DAY;
      const start = day + (1 + int(9)) * 3_600_000; // 09:00–17:00 Beijing time
      await activities.add([
        nextId(),
        upcoming ? `${pick(dailyNames)}（报名中）` : `${pick(dailyNames)}活动`,
        random() < 0.1 ? 'central' : 'own',
        teamIds[team],
        teamRegion[team],
        fields.length ? fields[int(fields.length)] : null,
        '村委会',
        new Date(start).toISOString(),
        new Date(start + 7_200_000).toISOString(),
        10 + int(50),
        '群众',
        '',
        '',
        upcoming ? 'published' : random() < 0.97 ? 'completed' : 'cancelled',
        randomBytes(16).toString('hex'),
        String(100_000 + int(900_000)),
        now,
        now,
      ]);
    }
    await activities.close();
    log('活动已写入');

    const records = await bulk.sink('service_records', [
      'id',
      'volunteer_id',
      'team_id',
      'activity_name',
      'service_date',
      'place',
      'service_object',
      'content',
      'minutes',
      'person_in_charge',
      'recorder_id',
      'recorder_name',
      'status',
      'confirmed_at',
      'created_at',
    ]);
    const names = [...keyDates.map(([, n]) => n), ...dailyNames];
    const dates = Array.from({ length: spanDays }, (_, d) =>
      new Date(startDay + d * DAY).toISOString().slice(0, 10),
    );
    for (let i = 0; i < nRecords; i++) {
      const v = recVolunteer[i]!;
      const date = dates[recDay[i]!]!;
      const confirmed = recConfirmed[i] === 1;
      const at = `${date}T12:00:00.000Z`;
      await records.add([
        nextId(),
        volunteerIds[v],
        teamIds[volunteerTeam[v]!],
        names[recName[i]!],
        date,
        '村委会',
        '群众',
        '志愿服务',
        recMinutes[i],
        '队长',
        'seed',
        '数据生成',
        confirmed ? 'confirmed' : 'pending',
        confirmed ? at : null,
        at,
      ]);
      if (i % 200_000 === 199_999) log(`服务记录 ${i + 1}/${nRecords}`);
    }
    await records.close();
    log('服务记录已写入，重建索引与汇总表 …');
    await bulk.secondaryIndexes('service_records', true);

    for (const statement of rollupRebuild(bulkDb.kind === 'postgres')) await bulk.exec(statement);
    await bulk.rollupTriggers(true);
    await bulk.commit();
    if (bulkDb.kind === 'sqlite') bulkDb.handle.exec('analyze');
    else await bulkDb.handle.query('analyze');
  } catch (error) {
    await bulk.rollback();
    throw error;
  } finally {
    if (bulkDb.kind === 'sqlite') {
      bulkDb.handle.pragma('synchronous = FULL');
      bulkDb.handle.close();
    } else {
      await bulkDb.handle.end();
    }
  }
  return {
    villages: V,
    teams: nTeams,
    volunteers: nVolunteers,
    activities: nActivities,
    records: nRecords,
    ms: Math.round(performance.now() - started),
    cpuMs: Math.round((process.cpuUsage(cpuAtStart).user + process.cpuUsage(cpuAtStart).system) / 1000),
  };
}

/** `rongzhi seed …` */
export async function runSeedCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'tiny' },
      villages: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const scale = values.scale as ScaleName;
  if (!(scale in scales)) throw new Error(`--scale 应为：${Object.keys(scales).join(', ')}`);
  const villages = values.villages === undefined ? undefined : Number(values.villages);
  if (villages !== undefined && !(Number.isInteger(villages) && villages > 0))
    throw new Error('--villages 应为正整数');
  const { loadConfig, sqliteFileIn } = await import('../server/config');
  const { openDatabase } = await import('../server/runtime');
  const { migrateToLatest } = await import('../db/migrate');
  const { createFieldCrypto, loadMasterKey } = await import('../server/security/fieldCrypto');
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    await migrateToLatest(database);
    const target: SeedTarget = config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { sqliteFile: sqliteFileIn(config.dataDir) };
    const result = await seedScale(database, target, createFieldCrypto(loadMasterKey(config.dataDir)), {
      scale,
      villages,
      seed: values.seed === undefined ? undefined : Number(values.seed),
      log: (line) => console.log(line),
    });
    console.log(
      `已生成（${scale}）：${result.villages} 个村（社区），${result.teams} 支队伍，${result.volunteers} 名志愿者，` +
        `${result.activities} 场活动，${result.records} 条服务记录，用时 ${(result.ms / 1000).toFixed(1)} 秒（CPU ${(result.cpuMs / 1000).toFixed(1)} 秒）`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await database.close();
  }
  return 0;
}
