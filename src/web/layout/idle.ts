/**
 * The staff session ends after 30 minutes without a request (server: STAFF_IDLE_MS in
 * modules/identity/sessions.repo.ts; a test keeps the two equal). The server notes activity at most
 * once a minute, so the session may end up to a minute earlier than the last request suggests.
 */
export const STAFF_IDLE_MS = 30 * 60 * 1000;
const TOUCH_SLACK_MS = 60 * 1000;
/** The warning shows this long before the earliest possible end: enough for a slow reader to act. */
export const WARN_BEFORE_MS = 3 * 60 * 1000;

/** When the session may end at the earliest, given the last answer from the server. */
export const earliestEnd = (lastContact: number) => lastContact + STAFF_IDLE_MS - TOUCH_SLACK_MS;

/** Whole minutes left (at least 1 while any time is left), or null when no warning is due yet. */
export function minutesLeftToWarn(lastContact: number, now: number): number | null {
  const left = earliestEnd(lastContact) - now;
  if (left > WARN_BEFORE_MS) return null;
  return Math.max(0, Math.ceil(left / 60_000));
}
