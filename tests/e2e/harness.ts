// One way for every browser test file to open the dashboard: a reference server with a seeded
// operation (or the built-in demo), a browser host on a fresh data folder, a page in the run's
// shared Chromium (see globalSetup.ts) that has the app ready, and one teardown for all of it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../../electron/browserHost';
import { defaultScenarioConfig, type ScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer } from '../../simulator/server';
import { CHROMIUM, launch } from './browser';

const ROOT = process.cwd();

/** False when Debian's Chromium is not installed: the browser tests skip themselves. */
export const chromiumAvailable = existsSync(CHROMIUM);

export interface DashboardSetup {
  /** Names the temporary data folder (watchfloor-e2e-NAME-…). */
  name: string;
  /**
   * The reference server, on a seeded scenario that stands still (speed 0) after it has been run
   * from its start to now; absent: the host runs the built-in demo.
   */
  server?: {
    scenario: Partial<ScenarioConfig>;
    token?: string;
    /** The server's event log in the data folder (default) or in memory. */
    log?: 'file' | 'memory';
    /**
     * False: the host is not given the server (a workstation that connects itself, from its
     * first-run screen or Settings); the store then lives where the workstation puts it.
     */
    connect?: boolean;
    /** After the server has been run to now, before the host connects (events injected here are in the first picture). */
    prepare?: (server: SimulatorServer) => void | Promise<void>;
  };
  /** Before the host starts: files the workstation finds in its data folder (settings, tile files). */
  prepareDir?: (dir: string) => void | Promise<void>;
  /** Host options over the defaults (the server's feed and a store in the data folder). */
  host?: Partial<BrowserHostOptions>;
  viewport?: { width: number; height: number };
  /** The time zone of the page's clock (IANA name); default the machine's. */
  timezoneId?: string;
  /** Before the app loads: init scripts, listeners on the context or the page. */
  beforeLoad?: (page: Page, context: BrowserContext) => Promise<void> | void;
  /** When the new workstation's welcome screen shows, choose the demo operation on it. */
  chooseDemo?: boolean;
  /** No first page: the tests open their own (`newPage`). */
  noPage?: boolean;
}

export interface Dashboard {
  dir: string;
  /** The reference server; throws for a dashboard on the built-in demo. */
  readonly server: SimulatorServer;
  /** The host in use (another one after `restartHost`). */
  readonly host: BrowserHost;
  /** The options the host was started with. */
  hostOptions: BrowserHostOptions;
  context: BrowserContext;
  /** The first page, ready (throws with `noPage`). */
  readonly page: Page;
  /** The host closed and started again on the same data folder, as after a restart of the app. */
  restartHost(): Promise<BrowserHost>;
  /** Another page on the host, loaded and ready. */
  newPage(): Promise<Page>;
  /** Everything closed, the data folder removed. */
  close(): Promise<void>;
}

/** Waits for the app to have its first picture from the host (`data-ready`). */
export async function appReady(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForSelector('.app[data-ready="true"]', { timeout });
}

export async function openDashboard(setup: DashboardSetup): Promise<Dashboard> {
  const dir = mkdtempSync(join(tmpdir(), `watchfloor-e2e-${setup.name}-`));
  const parts: { server?: SimulatorServer; host?: BrowserHost; context?: BrowserContext } = {};
  const close = async (): Promise<void> => {
    const browser = parts.context?.browser();
    await parts.context?.close();
    // The connection to the run's shared Chromium (the browser itself stays for the next file).
    await browser?.close();
    await parts.host?.close();
    await parts.server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await setup.prepareDir?.(dir);
    const token = setup.server?.token ?? 'e2e-token';
    if (setup.server) {
      const scenario = defaultScenarioConfig(setup.server.scenario);
      parts.server = await SimulatorServer.start({
        port: 0,
        token,
        scenario,
        speed: 0,
        logPath: setup.server.log === 'memory' ? ':memory:' : join(dir, 'server.sqlite'),
        heartbeatMs: 500,
      });
      parts.server.advanceBy(Math.max(0, Date.now() - scenario.startAt));
      await setup.server.prepare?.(parts.server);
    }
    const hostOptions: BrowserHostOptions = {
      port: 0,
      rendererDir: join(ROOT, 'out', 'renderer'),
      geoDir: join(ROOT, 'resources', 'geo'),
      dataDir: dir,
      ...(parts.server && setup.server?.connect !== false
        ? {
            storePath: join(dir, 'store.sqlite'),
            feed: { url: parts.server.url, token },
            settings: { staleAfterMs: 5 * 60_000, lostContactAfterMs: 20 * 60_000 },
          }
        : {}),
      ...setup.host,
    };
    parts.host = await startBrowserHost(hostOptions);
    parts.context = await launch(inject('chromiumEndpoint'), setup.timezoneId);
    const context = parts.context;
    const newPage = async (beforeLoad?: DashboardSetup['beforeLoad']): Promise<Page> => {
      const page = await context.newPage();
      // Clicks wait for two still animation frames; a page drawing its first picture in software
      // WebGL beside the Node tests takes far longer than Playwright's 30 s default for that at times.
      page.setDefaultTimeout(90_000);
      if (setup.viewport) await page.setViewportSize(setup.viewport);
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await beforeLoad?.(page, context);
      await page.goto(parts.host!.url);
      await appReady(page);
      return page;
    };
    const page = setup.noPage ? null : await newPage(setup.beforeLoad);
    if (page && setup.chooseDemo) {
      // A new data folder: the welcome screen, or straight to the demo's picture.
      await page.waitForSelector('[data-testid="first-run-demo"], [data-testid="incident-row"]', {
        timeout: 90_000,
      });
      const welcome = page.locator('[data-testid="first-run-demo"]');
      if (await welcome.isVisible()) {
        await welcome.click();
        await page.waitForSelector('[data-testid="first-run"]', { state: 'detached' });
      }
    }
    const server = parts.server;
    return {
      dir,
      get server(): SimulatorServer {
        if (!server) throw new Error(`the ${setup.name} dashboard runs the built-in demo, not a server`);
        return server;
      },
      get host(): BrowserHost {
        return parts.host!;
      },
      hostOptions,
      context,
      get page(): Page {
        if (!page) throw new Error(`the ${setup.name} dashboard was opened without a page`);
        return page;
      },
      async restartHost(): Promise<BrowserHost> {
        await parts.host?.close();
        parts.host = undefined;
        parts.host = await startBrowserHost(hostOptions);
        return parts.host;
      },
      newPage: () => newPage(setup.beforeLoad),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
