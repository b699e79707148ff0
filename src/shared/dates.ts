/**
 * Dates as people in China mean them. Instants are stored as UTC ISO strings; a "day" or a "month"
 * (of service, of a plan, of a deadline) is the Asia/Shanghai one, UTC+8 all year (no daylight saving).
 */
const OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export const chinaDate = (instant: string | Date): string =>
  new Date(new Date(instant).getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** Today in Asia/Shanghai. */
export const chinaToday = (now: Date = new Date()): string => chinaDate(now);

/** The UTC instants bounding a Shanghai day: [from, to). */
export function chinaDayBounds(date: string): { from: string; to: string } {
  const from = new Date(`${date}T00:00:00+08:00`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 24 * 3600_000).toISOString() };
}

/** The UTC instants bounding a Shanghai month: [from, to). */
export function chinaMonthBounds(year: number, month: number): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return {
    from: new Date(`${year}-${pad(month)}-01T00:00:00+08:00`).toISOString(),
    to: new Date(`${next.y}-${pad(next.m)}-01T00:00:00+08:00`).toISOString(),
  };
}

/** The UTC instants bounding a Shanghai calendar year: [from, to). */
export function chinaYearBounds(year: number): { from: string; to: string } {
  return {
    from: new Date(`${year}-01-01T00:00:00+08:00`).toISOString(),
    to: new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString(),
  };
}
