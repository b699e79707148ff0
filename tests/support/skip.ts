import { describe, it } from 'vitest';

/** In CI every suite must run: a missing prerequisite is a failure there, not a skip. */
export const requireAllTests = process.env.RONGZHI_REQUIRE_ALL_TESTS === '1';

const announced = new Set<string>();

/**
 * `describe` when the prerequisite is there. Otherwise the suite is skipped with its reason
 * printed, or, when RONGZHI_REQUIRE_ALL_TESTS=1, replaced by one failing test that names what is missing.
 */
export function describeWhen(available: boolean, missing: string) {
  if (available) return describe;
  return (name: string, _fn: () => void) => {
    if (requireAllTests) {
      describe(name, () => {
        it(`需要 ${missing}`, () => {
          throw new Error(`RONGZHI_REQUIRE_ALL_TESTS=1 but ${missing} is not available`);
        });
      });
      return;
    }
    if (!announced.has(missing)) {
      announced.add(missing);
      console.warn(`[skipped] ${name}: ${missing} is not available`);
    }
    describe.skip(`${name} (skipped: ${missing} is not available)`, () => {
      it('skipped', () => {});
    });
  };
}
