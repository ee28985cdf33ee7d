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
//
// Test files share one process per project (`isolate: false`): importing the renderer's and the
// core's modules again for every file cost more than the tests themselves (60 renderer and shared
// files: 163 s isolated, 14 s shared, the same 559 tests passing). A file that replaces a module
// (`vi.mock`) would leak its fake into the files after it, so those run in `unit-isolated`, each in
// a fresh process; a file that changes process-wide state (umask, fake timers) restores it after,
// and one that leaves a reference server or a core running fails (tests/setup/noLeftovers.ts).
const MOCKING = ['electron/safeStorageVault.test.ts', 'tests/integration/desktopMain.test.ts'];

export const config = defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          isolate: false,
          setupFiles: ['tests/setup/noLeftovers.ts'],
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'simulator/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
            'scripts/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['tests/bench/**', 'tests/e2e/**', 'node_modules/**', ...MOCKING],
        },
      },
      {
        test: {
          ...shared,
          name: 'unit-isolated',
          include: MOCKING,
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e',
          isolate: false,
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
        },
      },
    ],
  },
});

export default config;
