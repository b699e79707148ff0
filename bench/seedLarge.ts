/**
 * Handan-scale data for the dashboard benchmark only (never in CI): 5,800 teams, 40,000 volunteers,
 * 50,000 activities and 1,000,000 service records on the real region tree, written with prepared
 * statements in one SQLite transaction. The statistics triggers fire for every row, exactly as they
 * do when the application writes, so the rollups are built the way they are kept.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { openSqlite } from '../src/db/database';
import { starLevelFor } from '../src/shared/activities';
import { withCheckDigit } from '../src/shared/idcard';
import { createFieldCrypto } from '../src/server/security/fieldCrypto';

export interface LargeSeedSize {
  teams: number;
  volunteers: number;
  activities: number;
  records: number;
}

export const handanScale: LargeSeedSize = {
  teams: 5_800,
  volunteers: 40_000,
  activities: 50_000,
  records: 1_000_000,
};

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Seeds an SQLite file that is already migrated and holds the region tree. */
export function seedLarge(sqliteFile: string, size: LargeSeedSize = handanScale, seed = 1304) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const crypto = createFieldCrypto(randomBytes(32));
  const sqlite = openSqlite(sqliteFile);
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -400000');
  const villages = (
    sqlite.prepare(`select code from regions where depth = 5 order by code`).all() as { code: string }[]
  ).map((r) => r.code);
  const now = new Date().toISOString();
  const categories = ['station', 'station', 'station', 'station', 'integrated'] as const;

  const insertTeam = sqlite.prepare(`insert into teams (id, name, category, region_code, path, leader_name,
    status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'approved', ?, ?)`);
  const insertVolunteer = sqlite.prepare(`insert into volunteers (id, volunteer_no, name, gender, birth_date,
    id_card_enc, id_card_hash, residence_code, is_veteran, created_at, updated_at, confirmed_minutes, star_level)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMembership =
    sqlite.prepare(`insert into memberships (id, team_id, volunteer_id, role, joined_on)
    values (?, ?, ?, 'member', '2024-01-01')`);
  const insertActivity = sqlite.prepare(`insert into activities (id, title, kind, team_id, region_code, place,
    starts_at, ends_at, capacity, status, checkin_secret, fixed_code, created_at, updated_at)
    values (?, ?, 'own', ?, ?, '村委会', ?, ?, 30, 'completed', ?, ?, ?, ?)`);
  const insertRecord = sqlite.prepare(`insert into service_records (id, volunteer_id, team_id, activity_name,
    service_date, place, service_object, content, minutes, person_in_charge, recorder_id, recorder_name, status,
    confirmed_at, created_at) values (?, ?, ?, ?, ?, '村委会', '群众', '志愿服务', ?, '队长', 'bench', '记录员', ?, ?, ?)`);

  const teams: { id: string; region: string }[] = [];
  const volunteers: { id: string; team: number }[] = [];
  const started = performance.now();
  sqlite.transaction(() => {
    for (let i = 0; i < size.teams; i++) {
      const id = randomUUID();
      const region = villages[i % villages.length]!;
      teams.push({ id, region });
      insertTeam.run(
        id,
        `第${i + 1}退役军人志愿服务队`,
        categories[int(5)],
        region,
        `/${id}/`,
        '队长',
        now,
        now,
      );
    }
    for (let i = 0; i < size.volunteers; i++) {
      const id = randomUUID();
      const team = int(teams.length);
      const birth = `${1945 + int(60)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
      const idCard = withCheckDigit(
        `${teams[team]!.region.slice(0, 6)}${birth.replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`,
      );
      const minutes = int(120_000);
      volunteers.push({ id, team });
      insertVolunteer.run(
        id,
        `B${String(i).padStart(8, '0')}`,
        `志愿者${i}`,
        int(5) ? 'M' : 'F',
        birth,
        crypto.encrypt(idCard),
        crypto.hash(`${idCard}#${i}`),
        teams[team]!.region,
        int(10) < 8 ? 1 : 0,
        now,
        now,
        minutes,
        starLevelFor(minutes),
      );
      insertMembership.run(randomUUID(), teams[team]!.id, id);
    }
    for (let i = 0; i < size.activities; i++) {
      const team = teams[int(teams.length)]!;
      const start = Date.UTC(2025, 0, 1) + int(700) * 86_400_000 + int(10) * 3_600_000;
      insertActivity.run(
        randomUUID(),
        `志愿服务活动${i}`,
        team.id,
        team.region,
        new Date(start).toISOString(),
        new Date(start + 7_200_000).toISOString(),
        randomUUID(),
        String(100_000 + (i % 900_000)),
        now,
        now,
      );
    }
    for (let i = 0; i < size.records; i++) {
      const v = volunteers[int(volunteers.length)]!;
      const day = new Date(Date.UTC(2025, 0, 1) + int(700) * 86_400_000).toISOString().slice(0, 10);
      const confirmed = int(20) > 0;
      insertRecord.run(
        randomUUID(),
        v.id,
        teams[v.team]!.id,
        '志愿服务',
        day,
        30 + int(450),
        confirmed ? 'confirmed' : 'pending',
        confirmed ? now : null,
        now,
      );
    }
  })();
  sqlite.pragma('synchronous = FULL');
  sqlite.exec('analyze');
  sqlite.close();
  return { villages: villages.length, seedMs: Math.round(performance.now() - started) };
}
