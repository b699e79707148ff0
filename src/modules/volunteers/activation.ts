import { createHash } from 'node:crypto';

/** A volunteer's one-time activation code (printed slip) is valid this long. */
export const ACTIVATION_DAYS = 7;

export const hashActivationCode = (code: string) =>
  createHash('sha256').update(`activation:${code}`).digest('hex');
