import { chinaDate } from '../../shared/dates';
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import lunarJavascript from 'lunar-javascript';
import type { Database } from '../../db/database';
import type {
  ActivitiesTable,
  ActivityOutputsTable,
  ActivityTeamsTable,
  AttendanceTable,
  ServiceRecordsTable,
  SignupsTable,
  StarHistoryTable,
} from '../../db/types';
import { starThresholdsHours, type OutputKind } from '../../shared/activities';
import { newCheckinSecret, newFixedCode } from '../../modules/activities/checkinCode';

// A CommonJS package: take the namespace object, then its members (works under Node's ESM loader).
const { Lunar } = lunarJavascript;

/** A small deterministic PRNG so every demo database looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** 09:00 Beijing time on a Beijing date, as an instant. */
const beijingAt = (date: string, hour: number) => new Date(Date.parse(`${date}T${pad(hour)}:00:00+08:00`));

interface Plan {
  date: string;
  hour: number;
  hours: number;
  title: string;
  theme: string;
  place: string;
  serviceObject: string;
  field: string;
  /** Participants wanted (capped by the team's size). */
  people: number;
  outputs: (r: () => number, people: number) => Partial<Record<OutputKind, number>>;
  kind?: 'central' | 'own';
}

/** Themed activities on the key dates of a year (学雷锋, 清明, 八一, 重阳, 国庆 …). */
function keyDatePlans(year: number, county: string): Plan[] {
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']?.toYmd() ?? `${year}-04-05`;
  const chongyang = Lunar.fromYmd(year, 9, 9).getSolar().toYmd();
  return [
    {
      date: `${year}-03-05`,
      hour: 9,
      hours: 3,
      title: '学雷锋纪念日志愿服务集中行动',
      theme: '学雷锋志愿服务集中行动',
      place: `${county}人民广场`,
      serviceObject: '社区群众',
      field: '文明生活',
      people: 25,
      outputs: (r, n) => ({ people_helped: n * (6 + Math.floor(r() * 10)) }),
      kind: 'central',
    },
    {
      date: qingming,
      hour: 8,
      hours: 3,
      title: '清明祭扫烈士陵园',
      theme: '缅怀英烈、祭扫烈士陵园',
      place: `${county}烈士陵园`,
      serviceObject: '烈士家属及群众',
      field: '红色宣讲',
      people: 30,
      outputs: (r) => ({ lectures: 1 + Math.floor(r() * 2), people_helped: 80 + Math.floor(r() * 200) }),
    },
    {
      date: `${year}-08-01`,
      hour: 9,
      hours: 3,
      title: '庆八一慰问困难老兵',
      theme: '庆八一、慰问老兵',
      place: `${county}退役军人服务中心`,
      serviceObject: '困难退役军人',
      field: '慰问困难老兵',
      people: 20,
      outputs: (r) => ({ people_helped: 20 + Math.floor(r() * 40) }),
      kind: 'central',
    },
    {
      date: `${year}-10-01`,
      hour: 7,
      hours: 2,
      title: '国庆老兵护旗升旗仪式',
      theme: '老兵护卫国旗、升旗仪式',
      place: `${county}人民广场`,
      serviceObject: '社区群众',
      field: '红色宣讲',
      people: 15,
      outputs: (r) => ({ people_helped: 150 + Math.floor(r() * 300) }),
    },
    {
      date: chongyang,
      hour: 9,
      hours: 3,
      title: '重阳敬老进养老院',
      theme: '敬老助老志愿服务',
      place: `${county}敬老院`,
      serviceObject: '孤寡老人',
      field: '助老助困',
      people: 20,
      outputs: (r) => ({ people_helped: 30 + Math.floor(r() * 50), meals: 30 + Math.floor(r() * 50) }),
    },
  ];
}

/** The recurring work of the report's named brands: 老兵餐厅 meals, 爱心车队 rides, 小桔灯 blood. */
function brandPlans(teamName: string, dates: string[]): Plan[] {
  if (teamName.includes('老兵餐厅'))
    return dates
      .filter((_, i) => i % 7 === 2)
      .map((date) => ({
        date,
        hour: 10,
        hours: 4,
        title: '老兵餐厅爱心午餐',
        theme: '为高龄、困难老兵和环卫工人提供免费午餐',
        place: '广平县光辉岁月老兵餐厅',
        serviceObject: '高龄困难老兵、环卫工人',
        field: '助老助困',
        people: 8,
        outputs: (r) => ({ meals: 60 + Math.floor(r() * 60) }),
      }));
  if (teamName.includes('爱心车队'))
    return dates
      .filter((_, i) => i % 7 === 5)
      .map((date) => ({
        date,
        hour: 8,
        hours: 4,
        title: date.endsWith('-06-07') ? '高考爱心送考' : '爱心车队接送就医老兵',
        theme: '免费接送老兵就医、出行',
        place: '成安县退役军人服务站',
        serviceObject: '行动不便的老兵及家属',
        field: '助老助困',
        people: 10,
        outputs: (r) => ({ rides: 20 + Math.floor(r() * 30) }),
      }));
  if (teamName.includes('小桔灯') || teamName.includes('无偿献血'))
    return dates
      .filter((_, i) => i % 30 === 10)
      .map((date) => ({
        date,
        hour: 9,
        hours: 4,
        title: '“小桔灯”无偿献血进社区',
        theme: '无偿献血、血液保障',
        place: '馆陶县中心献血屋',
        serviceObject: '临床用血患者',
        field: '无偿献血',
        people: 20,
        outputs: (r, n) => ({ blood_ml: n * (200 + 100 * Math.floor(r() * 3)), people_helped: n }),
      }));
  // Every team: a monthly 日常自主活动.
  return dates
    .filter((_, i) => i % 30 === 15)
    .map((date, i) => ({
      date,
      hour: 9,
      hours: 2 + (i % 2),
      title: ['村内环境整治', '走访慰问困难老兵', '交通安全劝导', '政策宣讲进村'][i % 4]!,
      theme: ['乡村振兴', '慰问困难老兵', '交通疏导', '理论宣讲'][i % 4]!,
      place: '村党群服务中心',
      serviceObject: '村民',
      field: ['乡村振兴', '慰问困难老兵', '交通疏导', '理论宣讲'][i % 4]!,
      people: 10,
      outputs: (r) => ({ people_helped: 10 + Math.floor(r() * 40) }),
    }));
}

/**
 * A year of activities for the demo teams: themed activities on the key dates, the brands' recurring
 * work (老兵餐厅 meals, 爱心车队 rides, 小桔灯 blood donation) and a monthly activity of village teams,
 * each with sign-ups, attendance, confirmed service records and outputs; a few coming ones are open for
 * sign-up. At full scale only a share of the village teams (one in twelve) gets activities, and each
 * activity at most 30 participants, so the seed stays quick. Volunteers' confirmed minutes, star levels
 * and star history are computed from the confirmed records afterwards, so they always agree.
 */
export async function seedActivitiesDemo(database: Database, log: (line: string) => void): Promise<void> {
  const db = database.db;
  const started = Date.now();
  if (await db.selectFrom('activities').select('id').limit(1).executeTakeFirst()) return;
  const volunteersTotal = Number(
    (
      await db
        .selectFrom('volunteers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (volunteersTotal === 0) return;
  const full = volunteersTotal > 5000;
  const random = rng(2026);

  const teams = await db
    .selectFrom('teams')
    .innerJoin('regions', 'regions.code', 'teams.regionCode')
    .select([
      'teams.id',
      'teams.name',
      'teams.regionCode',
      'teams.leaderName',
      'teams.parentId',
      'regions.name as regionName',
    ])
    .where('teams.status', '=', 'approved')
    .orderBy('teams.name')
    .execute();
  const countyNames = new Map(
    (
      await db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where('depth', '<=', 3)
        .where('code', 'like', '1304%')
        .execute()
    ).map((r) => [r.code, r.name]),
  );
  const fields = new Map(
    (await db.selectFrom('serviceFields').select(['id', 'name']).execute()).map((f) => [f.name, f.id]),
  );
  const members = new Map<string, string[]>();
  // In a fixed order (role, then volunteer number; membership ids are random): who takes part in
  // which demo activity is then the same in every demo database, and the demo volunteer (the first
  // member of 戎耀大名 by number) always has confirmed hours to show and a certificate to issue.
  for (const m of await db
    .selectFrom('memberships')
    .innerJoin('volunteers', 'volunteers.id', 'memberships.volunteerId')
    .select(['memberships.teamId', 'memberships.volunteerId', 'memberships.role'])
    .where('memberships.leftOn', 'is', null)
    .orderBy('memberships.role')
    .orderBy('volunteers.volunteerNo')
    .execute()) {
    const list = members.get(m.teamId) ?? [];
    // Leaders and backbone first (alphabetically 'backbone' < 'leader' < 'member').
    list.push(m.volunteerId);
    members.set(m.teamId, list);
  }
  const isVillage = (t: { name: string }) => /村退役军人志愿服务队$|社区退役军人志愿服务队$/.test(t.name);
  const named = teams.filter((t) => !isVillage(t) && !t.parentId);
  const villages = teams.filter(isVillage).filter((_, i) => !full || i % 12 === 0);

  const now = Date.now();
  const dates: string[] = [];
  for (let d = now - 365 * DAY; d < now - DAY; d += DAY) dates.push(chinaDate(new Date(d)));
  const thisYear = Number(chinaDate(new Date(now)).slice(0, 4));

  const activities: Insertable<ActivitiesTable>[] = [];
  const activityTeams: Insertable<ActivityTeamsTable>[] = [];
  const outputs: Insertable<ActivityOutputsTable>[] = [];
  const signups: Insertable<SignupsTable>[] = [];
  const attendance: Insertable<AttendanceTable>[] = [];
  const records: Insertable<ServiceRecordsTable>[] = [];
  const createdAt = new Date(now).toISOString();

  /** `awaiting`: finished this week, its hours not yet confirmed by the team (the leader's to-do). */
  const add = (team: (typeof teams)[number], plan: Plan, completed: boolean, awaiting = false) => {
    const pool = members.get(team.id) ?? [];
    if (pool.length === 0) return;
    const start = beijingAt(plan.date, plan.hour);
    const end = new Date(start.getTime() + plan.hours * 3600_000);
    const id = randomUUID();
    const capacity = Math.min(Math.max(plan.people, 5), 30);
    activities.push({
      id,
      title: plan.title,
      kind: plan.kind ?? 'own',
      teamId: team.id,
      regionCode: team.regionCode,
      fieldId: fields.get(plan.field) ?? null,
      place: plan.place,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      capacity,
      serviceObject: plan.serviceObject,
      theme: plan.theme,
      description: `${plan.theme}。由${team.name}组织。`,
      status: completed ? 'completed' : 'published',
      cancelReason: null,
      checkinSecret: newCheckinSecret(),
      fixedCode: newFixedCode(),
      createdBy: null,
      createdAt,
      updatedAt: createdAt,
    });
    activityTeams.push({ activityId: id, teamId: team.id });
    // The backbone always comes; the rest of the places go to other members in turn.
    const core = pool.slice(0, Math.min(4, pool.length));
    const others = pool.slice(core.length);
    const wanted = Math.min(capacity, pool.length);
    const chosen = new Set(core.slice(0, wanted));
    for (let tries = 0; chosen.size < wanted && tries < wanted * 4 && others.length; tries++)
      chosen.add(others[Math.floor(random() * others.length)]!);
    let seq = 0;
    for (const volunteerId of chosen) {
      seq++;
      signups.push({
        id: randomUUID(),
        activityId: id,
        volunteerId,
        teamId: null,
        status: 'accepted',
        seq,
        signedUpBy: 'demo',
        signedUpAt: new Date(start.getTime() - (3 + Math.floor(random() * 10)) * DAY).toISOString(),
        promotedAt: null,
        cancelledAt: null,
      });
      if (!completed) continue;
      // Most stay to the end; some leave a little early. Travel time does not count.
      const minutes = plan.hours * 60 - (random() < 0.3 ? 15 + Math.floor(random() * 45) : 0);
      const proxy = random() < 0.15;
      attendance.push({
        id: randomUUID(),
        activityId: id,
        volunteerId,
        checkInAt: new Date(start.getTime() - Math.floor(random() * 10) * 60_000).toISOString(),
        checkOutAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
        method: proxy ? 'proxy' : 'code',
        proxyBy: proxy ? 'demo' : null,
        needsConfirmation: 0,
        autoClosed: 0,
      });
      records.push({
        id: randomUUID(),
        volunteerId,
        teamId: team.id,
        activityId: id,
        activityName: plan.title,
        serviceDate: plan.date,
        place: plan.place,
        serviceObject: plan.serviceObject,
        content: plan.theme,
        minutes,
        quality: random() < 0.7 ? '优秀' : '良好',
        personInCharge: team.leaderName,
        recorderId: 'demo',
        recorderName: `${team.name}（演示数据）`.slice(0, 60),
        status: awaiting ? 'pending' : 'confirmed',
        confirmedBy: awaiting ? null : 'demo',
        confirmedAt: awaiting ? null : new Date(end.getTime() + DAY).toISOString(),
        correctsId: null,
        correctionReason: null,
        createdAt: end.toISOString(),
      });
    }
    if (completed)
      for (const [kind, quantity] of Object.entries(plan.outputs(random, chosen.size)))
        outputs.push({ id: randomUUID(), activityId: id, kind, quantity });
  };

  const inWindow = (date: string) => date >= dates[0]! && date <= dates[dates.length - 1]!;
  for (const team of named) {
    const county = countyNames.get(team.regionCode.slice(0, 6).padEnd(12, '0')) ?? '邯郸市';
    const plans = [...keyDatePlans(thisYear - 1, county), ...keyDatePlans(thisYear, county)].filter((p) =>
      inWindow(p.date),
    );
    for (const p of [...plans, ...brandPlans(team.name, dates)]) add(team, p, true);
    // Last week's home visits, whose hours the team has still to confirm.
    add(
      team,
      {
        date: chinaDate(new Date(now - (2 + Math.floor(random() * 4)) * DAY)),
        hour: 9,
        hours: 2,
        title: '入户走访高龄老兵',
        theme: '入户走访、了解高龄老兵生活困难',
        place: `${county}各村（社区）`,
        serviceObject: '高龄、独居老兵',
        field: '慰问困难老兵',
        people: 8,
        outputs: (r, n) => ({ people_helped: n * (2 + Math.floor(r() * 3)) }),
      },
      true,
      true,
    );
    // One coming activity open for sign-up.
    const coming = chinaDate(new Date(now + (7 + Math.floor(random() * 14)) * DAY));
    add(
      team,
      {
        date: coming,
        hour: 9,
        hours: 3,
        title: '走访慰问困难老兵',
        theme: '慰问困难老兵',
        place: `${county}退役军人服务站`,
        serviceObject: '困难退役军人',
        field: '慰问困难老兵',
        people: 20,
        outputs: () => ({}),
      },
      false,
    );
  }
  for (const team of villages) for (const p of brandPlans(team.name, dates)) add(team, p, true);

  await db.transaction().execute(async (tx) => {
    const batch = async <T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
    };
    await batch(activities, 200, (c) => tx.insertInto('activities').values(c).execute());
    await batch(activityTeams, 1000, (c) => tx.insertInto('activityTeams').values(c).execute());
    await batch(outputs, 1000, (c) => tx.insertInto('activityOutputs').values(c).execute());
    await batch(signups, 500, (c) => tx.insertInto('signups').values(c).execute());
    await batch(attendance, 500, (c) => tx.insertInto('attendance').values(c).execute());
    await batch(records, 300, (c) => tx.insertInto('serviceRecords').values(c).execute());

    // Totals and star levels from the confirmed records, so they agree exactly.
    const touched = [...new Set(records.map((r) => r.volunteerId))];
    await batch(touched, 500, (chunk) =>
      tx
        .updateTable('volunteers')
        .set({
          confirmedMinutes: sql<number>`(select coalesce(sum(sr.minutes), 0) from service_records sr
            where sr.volunteer_id = volunteers.id and sr.status = 'confirmed')`,
        })
        .where('id', 'in', chunk)
        .execute(),
    );
    const [t1, t2, t3, t4, t5] = starThresholdsHours.map((h) => h * 60);
    await batch(touched, 500, (chunk) =>
      tx
        .updateTable('volunteers')
        .set({
          starLevel: sql<number>`case when confirmed_minutes >= ${t5} then 5 when confirmed_minutes >= ${t4} then 4
            when confirmed_minutes >= ${t3} then 3 when confirmed_minutes >= ${t2} then 2
            when confirmed_minutes >= ${t1} then 1 else 0 end`,
        })
        .where('id', 'in', chunk)
        .execute(),
    );
    const starred = await tx
      .selectFrom('volunteers')
      .select(['id', 'confirmedMinutes', 'starLevel'])
      .where('starLevel', '>', 0)
      .execute();
    const history: Insertable<StarHistoryTable>[] = starred.map((v) => ({
      id: randomUUID(),
      volunteerId: v.id,
      fromLevel: 0,
      toLevel: v.starLevel,
      totalMinutes: v.confirmedMinutes,
      at: createdAt,
    }));
    await batch(history, 1000, (c) => tx.insertInto('starHistory').values(c).execute());
  });
  const starredCount = await db
    .selectFrom('volunteers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('starLevel', '>', 0)
    .executeTakeFirstOrThrow();
  log(
    `已生成 ${activities.length} 项活动、${records.length} 条已确认服务记录，${Number(starredCount.n)} 名星级志愿者（${((Date.now() - started) / 1000).toFixed(1)} 秒）`,
  );
}
