import { defineConfig } from 'vitest/config';

// One run covers unit, integration and browser (Chromium) tests; `npm test` runs it on Node 24.
export default defineConfig({
  test: {
    include: [
      'main/**/*.test.ts',
      'preload/**/*.test.ts',
      'core/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests start Chromium; two cores do not gain from more than two workers.
    maxWorkers: 2,
    passWithNoTests: false,
    globalSetup: ['test/support/build-once.ts'],
  },
});
