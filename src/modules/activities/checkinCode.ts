import { createHmac, randomBytes, randomInt } from 'node:crypto';

/** The on-screen check-in code rotates every minute. */
export const CODE_PERIOD_MS = 60_000;
/**
 * How many codes before the current one are still accepted: a volunteer who reads the code just as it
 * changes and types slowly (适老化: no interaction limited to a time a slow person cannot meet) has at
 * least two more minutes, up to three in all. Guessing stays bounded by the miss throttle.
 */
export const CODE_GRACE_STEPS = 2;

export const newCheckinSecret = () => randomBytes(32).toString('hex');
export const newFixedCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export function codeAt(secret: string, at: number): string {
  const step = Math.floor(at / CODE_PERIOD_MS);
  const mac = createHmac('sha256', Buffer.from(secret, 'hex')).update(String(step)).digest();
  return String(mac.readUInt32BE(mac[mac.length - 1]! & 0x0f) % 1_000_000).padStart(6, '0');
}

export function rotatingCodeMatches(secret: string, code: string, at: number): boolean {
  for (let back = 0; back <= CODE_GRACE_STEPS; back++) {
    if (code === codeAt(secret, at - back * CODE_PERIOD_MS)) return true;
  }
  return false;
}
