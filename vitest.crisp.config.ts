import { defineConfig } from 'vitest/config';

/** Runs crisp suites as Vitest tests (see harness/commands/vitest.crisp.ts). */
export default defineConfig({
  test: {
    include: ['harness/commands/vitest.crisp.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
