import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../server/errors';
import type { PasswordPolicy } from '../../shared/identity';
import { commonPasswords } from './commonPasswords';

export const hashPassword = (password: string): Promise<string> => hash(password);

/** Whether the password has outlived the policy's expiry (0: passwords never expire). */
export function passwordExpired(passwordChangedAt: string, policy: PasswordPolicy, now: Date): boolean {
  if (!policy.expiryDays) return false;
  return Date.parse(passwordChangedAt) + policy.expiryDays * 86_400_000 <= now.getTime();
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this keeps a login for an unknown name as slow as one for a real account. */
let dummyHash: Promise<string> | undefined;
export const burnVerify = async (password: string) => {
  dummyHash ??= hash('rongzhi-dummy-password');
  await verifyPassword(await dummyHash, password);
};

const charClasses = (p: string) =>
  [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(p)).length;

/** Throws PASSWORD_POLICY with the reason in Chinese, naming the field. */
export function checkPasswordPolicy(
  password: string,
  policy: PasswordPolicy,
  context: { username?: string | null; field?: string } = {},
): void {
  const field = context.field ?? 'password';
  const fail = (why: string) => new AppError('PASSWORD_POLICY', `密码不符合安全要求：${why}`, { field });
  if (password.length < policy.minLength) throw fail(`长度至少${policy.minLength}位`);
  if (charClasses(password) < policy.requireCharClasses) {
    throw fail(`需包含大写字母、小写字母、数字、符号中的至少${policy.requireCharClasses}种`);
  }
  if (policy.checkCommonPasswords && commonPasswords.has(password.toLowerCase()))
    throw fail('这是常见的弱密码，请换一个');
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) {
    throw fail('不能包含用户名');
  }
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random initial password that satisfies any policy up to 4 character classes. */
export function generatePassword(length = 14): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  const body = Array.from({ length: length - 4 }, () => pick(alphabet));
  const required = [
    pick('ABCDEFGHJKLMNPQRSTUVWXYZ'),
    pick('abcdefghijkmnpqrstuvwxyz'),
    pick('23456789'),
    pick('@#%+='),
  ];
  const all = [...body, ...required];
  for (let i = all.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.join('');
}
