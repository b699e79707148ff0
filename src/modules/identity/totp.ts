import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Enrollment } from '../../shared/twoFactor';

/** The name authenticator apps show above the code. */
export const TOTP_ISSUER = '戎志';
export const TOTP_PERIOD = 30;
/** One step either side, for a phone's clock that is a little off. */
const TOLERANCE_SECONDS = TOTP_PERIOD;

/** A new 160-bit secret, base32. */
export const newTotpSecret = (): string => generateSecret();

export const otpauthUri = (secret: string, accountName: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });

export async function enrollmentOf(secret: string, accountName: string): Promise<Enrollment> {
  const uri = otpauthUri(secret, accountName);
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

export type CodeCheck = { ok: true; step: number } | { ok: false; reused: boolean };

/**
 * Checks a six-digit code against the secret; a code of a time step at or before the last accepted one
 * is refused, so a code seen over someone's shoulder cannot be used again.
 */
export async function checkTotp(
  secret: string,
  code: string,
  lastUsedStep: number | null,
  now: Date,
): Promise<CodeCheck> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
  });
  if (!result.valid) return { ok: false, reused: false };
  const step = (result as { timeStep: number }).timeStep;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reused: true };
  return { ok: true, step };
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten one-time recovery codes like `AB3CD-EF5GH` (50 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** Upper case, without the dash or space people type in the middle. */
export const normaliseRecoveryCode = (code: string): string => code.replace(/[-\s]/g, '').toUpperCase();
