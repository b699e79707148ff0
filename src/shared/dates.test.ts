import { describe, expect, it } from 'vitest';
import { chinaDate, chinaDayBounds, chinaMonthBounds, chinaToday } from './dates';

describe('dates in Asia/Shanghai', () => {
  it('puts the early hours of the 1st in the new month', () => {
    // 06:00 on 10-01 in Beijing is 22:00 on 09-30 UTC.
    expect(chinaDate('2026-09-30T22:00:00.000Z')).toBe('2026-10-01');
    const { from, to } = chinaMonthBounds(2026, 10);
    expect(from).toBe('2026-09-30T16:00:00.000Z');
    expect(to).toBe('2026-10-31T16:00:00.000Z');
    expect('2026-09-30T22:00:00.000Z' >= from && '2026-09-30T22:00:00.000Z' < to).toBe(true);
  });

  it('rolls December into the next year and bounds a day', () => {
    expect(chinaMonthBounds(2026, 12).to).toBe('2026-12-31T16:00:00.000Z');
    expect(chinaDayBounds('2026-03-05')).toEqual({
      from: '2026-03-04T16:00:00.000Z',
      to: '2026-03-05T16:00:00.000Z',
    });
    expect(chinaToday(new Date('2026-11-28T17:30:00Z'))).toBe('2026-11-29');
  });
});
