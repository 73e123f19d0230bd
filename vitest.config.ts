import { defineConfig } from 'vitest/config';

// Two cores: integration tests start real PostgreSQL, ffmpeg and Chromium, so
// files run two at a time and each waits on events with generous timeouts.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['./tests/global-setup.ts'],
    // The JSON report feeds the one-line summary that .ci/run prints.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
