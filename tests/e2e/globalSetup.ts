// Once per run of the browser tests: the renderer is built when it is missing, and one Chromium
// serves every test file (each file opens its own browser context: its own storage, viewport and
// pages), instead of a browser started and stopped per file.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's address for `chromium.connect`; empty when Chromium is not installed. */
    chromiumEndpoint: string;
  }
}

let server: BrowserServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  const root = project.config.root;
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0)
      throw new Error('The browser tests need the renderer: `npx electron-vite build` failed.');
  }
  if (!existsSync(CHROMIUM)) {
    // The test files skip themselves and say why (see `chromiumAvailable`).
    project.provide('chromiumEndpoint', '');
    return;
  }
  server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  project.provide('chromiumEndpoint', server.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = null;
}
