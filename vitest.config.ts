import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    reporters: ['default', './tests/support/summaryReporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Servers started by browser tests seed one township's demo data, not the whole city's.
    env: { RONGZHI_DEMO_SCALE: 'small' },
  },
});
