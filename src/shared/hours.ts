/** Minutes of service as hours, rounded to `decimals` places (one by default): 1234 → 20.6. */
export function hoursOf(minutes: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round((minutes / 60) * f) / f;
}
