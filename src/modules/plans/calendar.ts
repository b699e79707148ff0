import type { Kysely } from 'kysely';
import lunarJavascript from 'lunar-javascript';
import type { DB } from '../../db/types';

// A CommonJS package: take the namespace object, then its members (works under Node's ESM loader).
const { Lunar } = lunarJavascript;

export interface KeyDate {
  /** The local date's id (entered by the city); null for a computed date. */
  id: string | null;
  date: string;
  name: string;
  kind: 'fixed' | 'lunar' | 'solar_term' | 'local';
  theme: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * 重要时间节点 of a year: fixed dates, lunar festivals and solar terms computed by lunar-javascript
 * (never hand-rolled), and the local dates the city enters (中考 and others).
 */
export async function keyDates(db: Kysely<DB>, year: number): Promise<KeyDate[]> {
  const lunar = (m: number, d: number) => Lunar.fromYmd(year, m, d).getSolar().toYmd();
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明']?.toYmd() ?? `${year}-04-05`;
  const computed: Omit<KeyDate, 'id'>[] = [
    { date: lunar(1, 1), name: '春节', kind: 'lunar', theme: '新春走访慰问困难老兵' },
    { date: `${year}-03-05`, name: '学雷锋纪念日', kind: 'fixed', theme: '学雷锋志愿服务集中行动' },
    { date: qingming, name: '清明节', kind: 'solar_term', theme: '缅怀英烈、祭扫烈士陵园' },
    { date: `${year}-06-07`, name: '高考', kind: 'fixed', theme: '爱心送考' },
    { date: `${year}-06-08`, name: '高考', kind: 'fixed', theme: '爱心送考' },
    { date: `${year}-08-01`, name: '八一建军节', kind: 'fixed', theme: '庆八一、慰问老兵、文艺汇演' },
    { date: `${year}-09-30`, name: '烈士纪念日', kind: 'fixed', theme: '向人民英雄敬献花篮' },
    { date: `${year}-10-01`, name: '国庆节', kind: 'fixed', theme: '老兵护卫国旗、升旗仪式' },
    { date: lunar(9, 9), name: '重阳节', kind: 'lunar', theme: '敬老助老志愿服务' },
    { date: `${year}-12-05`, name: '国际志愿者日', kind: 'fixed', theme: '志愿服务展示与表彰' },
  ];
  const dates: KeyDate[] = computed.map((d) => ({ id: null, ...d }));
  const local = await db
    .selectFrom('localKeyDates')
    .selectAll()
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .execute();
  for (const l of local)
    dates.push({ id: l.id, date: l.date, name: l.name, kind: 'local', theme: l.themeTemplate });
  return dates.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}

/**
 * Adds working days, using the bureau's table of 法定节假日 and 调休 where it has an entry and the
 * weekday otherwise (library holiday data runs out; the bureau's table does not).
 */
export async function addWorkingDays(db: Kysely<DB>, from: string, days: number): Promise<string> {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(start.getTime() + (days * 3 + 30) * 86_400_000);
  const overrides = new Map(
    (
      await db
        .selectFrom('workingDays')
        .select(['date', 'isWorkday'])
        .where('date', '>', from)
        .where('date', '<=', end.toISOString().slice(0, 10))
        .execute()
    ).map((r) => [r.date, r.isWorkday === 1]),
  );
  const d = new Date(start);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const ymd = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const weekday = d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
    if (overrides.get(ymd) ?? weekday) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** Monday–Friday dates in [from, to] (YYYY-MM-DD, inclusive), by arithmetic; 0 when to < from. */
function weekdaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  if (days <= 0) return 0;
  const startDow = new Date(start).getUTCDay();
  let count = Math.floor(days / 7) * 5;
  for (let i = 0; i < days % 7; i++) {
    const dow = (startDow + i) % 7;
    if (dow !== 0 && dow !== 6) count++;
  }
  return count;
}

/**
 * The working days in [from, to], both ends included (Asia/Shanghai dates, YYYY-MM-DD): weekdays, minus
 * the bureau's 法定节假日 on weekdays, plus its 调休 workdays on weekends — the same rule as
 * addWorkingDays. One query, over the table's entries in the range only; 0 when to is before from.
 */
export async function countWorkingDays(db: Kysely<DB>, from: string, to: string): Promise<number> {
  if (to < from) return 0;
  const overrides = await db
    .selectFrom('workingDays')
    .select(['date', 'isWorkday'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  let count = weekdaysBetween(from, to);
  for (const o of overrides) {
    const dow = new Date(`${o.date}T00:00:00Z`).getUTCDay();
    const weekday = dow !== 0 && dow !== 6;
    if (o.isWorkday === 1 && !weekday) count++;
    if (o.isWorkday !== 1 && weekday) count--;
  }
  return count;
}
