/** Tables added with 0014 (two-factor login, pending login steps, password history). */

/** 两步验证 (TOTP) of one account: the secret encrypted with fieldCrypto; unconfirmed until the first code. */
export interface AccountTwoFactorTable {
  accountId: string;
  /** AES-256-GCM ciphertext of the base32 secret (see fieldCrypto); never leaves the server after enrolment. */
  secretEnc: string;
  /** Null while enrolment waits for its first code; a confirmed row is what makes login ask for a code. */
  confirmedAt: string | null;
  /** The TOTP time step of the last accepted code: a code at or before it is refused (no replay). */
  lastUsedStep: number | null;
  createdAt: string;
}

/** One-time recovery codes (恢复码), stored only as keyed hashes. */
export interface RecoveryCodesTable {
  id: string;
  accountId: string;
  codeHash: string;
  usedAt: string | null;
  createdAt: string;
}

/**
 * A login between the password and the session: the password was right, a second factor, a forced
 * enrolment or an expired password's change is still owed. The cookie holds a random token, this its hash.
 */
export interface LoginChallengesTable {
  idHash: string;
  accountId: string;
  step: 'totp' | 'enroll' | 'password';
  /** Whether the password must still be changed after the second factor (expired). */
  passwordExpired: number;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** Earlier password hashes of an account, for "cannot reuse the last N". */
export interface PasswordHistoryTable {
  id: string;
  accountId: string;
  passwordHash: string;
  createdAt: string;
}

export interface TwoFactorTables {
  accountTwoFactor: AccountTwoFactorTable;
  recoveryCodes: RecoveryCodesTable;
  loginChallenges: LoginChallengesTable;
  passwordHistory: PasswordHistoryTable;
}
