import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'lab/**/*.test.ts', 'test/**/*.test.ts'],
    // Fixtures are inputs for tests (e.g. the architecture rules' forbidden edges), never tests themselves.
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    // Lab tests start their own moto server; two cores, so two workers.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/closing-line-reporter.ts'],
  },
});
