import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * A sliding-window counter per key, in memory (per process, like the login throttle). Unlike
 * `FailureThrottle`, every call counts, successful or not: it bounds how much a single account can
 * pull out of the system, not how often it can guess.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one use by `key`; false (and not counted) once `limit` uses fall inside the window. */
  take(key: string, now = Date.now()): boolean {
    const kept = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length >= this.limit) {
      this.hits.set(key, kept);
      return false;
    }
    kept.push(now);
    this.hits.set(key, kept);
    if (this.hits.size > 100_000) this.hits.clear();
    return true;
  }

  /** Clears a key's history (a test that must call an export many times, for reasons other than the limit). */
  forget(key: string): void {
    this.hits.delete(key);
  }
}

/** Bulk downloads (registers, statistics workbooks, exchange files, the audit log) per account per minute. */
export const EXPORTS_PER_MINUTE = 30;
export const exportLimiter = new RateLimiter(EXPORTS_PER_MINUTE, 60_000);

/**
 * `preHandler` for every export route: after sign-in and capability checks, before any data is read.
 * Keyed by account, so colleagues behind one office NAT do not share a budget.
 */
export async function limitExports(request: FastifyRequest): Promise<void> {
  const key = request.actor?.accountId ?? `ip:${request.ip}`;
  if (!exportLimiter.take(key))
    throw new AppError(
      'RATE_LIMITED',
      `导出过于频繁：每个账号每分钟最多导出 ${EXPORTS_PER_MINUTE} 次，请稍后再试`,
    );
}
