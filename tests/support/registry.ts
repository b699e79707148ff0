import { withCheckDigit } from '../../src/shared/idcard';

let seq = 0;

/**
 * A valid, plainly fictional ID number: a county prefix, a birth date, a running two-digit sequence
 * and the gender digit. Every 100 numbers the birth date moves one day on, so numbers never repeat.
 */
export function fakeIdCard(birth = '19500101', male = true, prefix = '130425'): string {
  const n = seq++;
  const date = new Date(
    Date.UTC(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)) - 1, Number(birth.slice(6, 8))),
  );
  date.setUTCDate(date.getUTCDate() + Math.floor(n / 100));
  const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
  const genderDigit = male ? 1 + 2 * (n % 5) : 2 * (n % 5);
  return withCheckDigit(`${prefix}${ymd}${String(n % 100).padStart(2, '0')}${genderDigit}`);
}

let phoneSeq = 0;
/** A unique, well-formed mobile number for tests. */
export const fakePhone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;
