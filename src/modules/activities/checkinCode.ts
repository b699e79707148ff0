import { createHmac, randomBytes, randomInt } from 'node:crypto';

/** The on-screen check-in code rotates every minute; the one just before is still accepted. */
export const CODE_PERIOD_MS = 60_000;

export const newCheckinSecret = () => randomBytes(32).toString('hex');
export const newFixedCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export function codeAt(secret: string, at: number): string {
  const step = Math.floor(at / CODE_PERIOD_MS);
  const mac = createHmac('sha256', Buffer.from(secret, 'hex')).update(String(step)).digest();
  return String(mac.readUInt32BE(mac[mac.length - 1]! & 0x0f) % 1_000_000).padStart(6, '0');
}

export function rotatingCodeMatches(secret: string, code: string, at: number): boolean {
  return code === codeAt(secret, at) || code === codeAt(secret, at - CODE_PERIOD_MS);
}
