import { describe, expect, it } from 'vitest';
import { sessionSweepDue } from './sessions.repo';

describe('sweep of expired sessions', () => {
  it('runs at most once a minute for each database, independently of the others', () => {
    const first = {};
    const second = {};
    const t0 = new Date('2026-11-29T08:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(sessionSweepDue(first, t0)).toBe(true);
    expect(sessionSweepDue(first, later(30_000))).toBe(false);
    // Another database (tests open many, a process may serve more than one) keeps its own time.
    expect(sessionSweepDue(second, later(30_000))).toBe(true);
    expect(sessionSweepDue(first, later(60_000))).toBe(true);
    expect(sessionSweepDue(first, later(61_000))).toBe(false);
    expect(sessionSweepDue(second, later(61_000))).toBe(false);
    // A clock set back does not silence the sweep for the time it was set back by.
    expect(sessionSweepDue(first, later(-3_600_000))).toBe(true);
  });
});
