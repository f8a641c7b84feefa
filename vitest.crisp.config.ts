import { defineConfig } from 'vitest/config';

/** Runs crisp suites as Vitest tests (see harness/run/crisp.vitest.ts). */
export default defineConfig({
  test: {
    include: ['harness/run/crisp.vitest.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
