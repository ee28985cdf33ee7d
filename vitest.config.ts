import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks',
} as const;

// Two projects: `unit` (the core, the renderer's logic, integration tests against the reference
// server and real SQLite files) and `e2e` (the dashboard in Chromium through the browser host,
// one Chromium per run). `npm test` runs the two side by side, one file at a time each (see
// scripts/test.mjs): the browser tests keep one page drawing at a time on a two-core machine while
// the Node tests use the other core.
export const config = defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'simulator/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'scripts/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['tests/bench/**', 'tests/e2e/**', 'node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});

export default config;
