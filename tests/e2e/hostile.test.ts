import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../simulator/scenario';
import type { SimulatorServer } from '../../simulator/server';
import { danglingReferenceDrafts } from '../../shared/prototypeIds.fixture';
import { mapIdle, mapPoint } from './browser';
import { chromiumAvailable, openDashboard, type Dashboard } from './harness';

/**
 * A hostile operations server: every text field the protocol carries (incident title,
 * description, partner references, notes and their authors, outcomes, who acknowledged and
 * assigned, unit callsign and organisation, sector and crossing names, the operation's name,
 * bookmarks) holds markup, event handlers and script URLs. The dashboard must show all of it as
 * text, run none of it, build no element from it, and go nowhere when it is clicked.
 */

const START = Date.now() - 30 * 60_000;

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const SVG = '"><svg onload=window.__pwned=3>';
const JS_URL = 'javascript:window.__pwned=4';
/** All four in one label (131 characters; a label may have 200). */
const ALL = `${SCRIPT}${IMG}${SVG}${JS_URL}`;
/** Free text that looks like links in every way a renderer might be tempted to make one. */
const LINKS = [
  `[open the case file](${JS_URL})`,
  `<a href="${JS_URL}">open</a>`,
  JS_URL,
  `<iframe src="${JS_URL}"></iframe>`,
  '<img src=x onerror=alert(document.domain)>',
  'https://evil.example/collect?c=<b>x</b>',
].join('\n');
const DESCRIPTION = `${ALL}\n${LINKS}`;

const IDS = {
  sector: 'S-HOSTILE',
  crossing: 'X-HOSTILE',
  unit: 'U-HOSTILE',
  incident: 'INC-HOSTILE',
  resolved: 'INC-HOSTILE-2',
  bookmark: 'BM-HOSTILE',
};

let dashboard: Dashboard;
let server: SimulatorServer;
let page: Page;
let appUrl: string;
const dialogs: string[] = [];
const popups: string[] = [];
const navigations: string[] = [];

/**
 * The hostile operation: a sector, a crossing, a unit, two incidents with notes, a bookmark. The
 * crossing, the unit and the incidents share one spot: selecting any of them flies the map there,
 * and under software WebGL one flight costs seconds, so after the first there is nowhere to fly.
 * Whatever the pointer picks there, its tooltip is hostile text.
 */
function hostileEvents(): EventDraft[] {
  const now = server.operationTime;
  const base = Object.values(server.state.sectors)[0]!;
  const [lon, lat] = base.line[Math.floor(base.line.length / 2)]!;
  const countries: [string, string] = [base.countries[0], base.countries[1]];
  return [
    {
      ts: now,
      type: 'operation.updated',
      payload: { operationId: server.state.operation!.operationId, name: ALL, description: DESCRIPTION },
    },
    {
      ts: now,
      type: 'sector.upserted',
      payload: {
        sectorId: IDS.sector,
        name: ALL,
        countries,
        line: base.line.map(([x, y]) => [x, y]),
        corridor: base.corridor.map((ring) => ring.map(([x, y]) => [x, y])),
        impactLevel: 'high',
        responsibleAgency: ALL,
      },
    },
    {
      ts: now,
      type: 'sector.impact_changed',
      payload: { sectorId: IDS.sector, impactLevel: 'critical', reason: DESCRIPTION, by: ALL, at: now },
    },
    {
      ts: now,
      type: 'crossing.upserted',
      payload: {
        crossingId: IDS.crossing,
        name: ALL,
        countries,
        lon,
        lat,
        sectorId: IDS.sector,
        kind: 'road',
      },
    },
    {
      ts: now,
      type: 'unit.upserted',
      payload: {
        unitId: IDS.unit,
        callsign: ALL,
        agency: 'border_police',
        organisation: ALL,
        country: countries[0],
        kind: 'vehicle',
        sectorId: IDS.sector,
        status: 'patrolling',
      },
    },
    {
      ts: now,
      type: 'unit.position',
      payload: { unitId: IDS.unit, lon, lat, heading: 90, speed: 0, accuracy: 5, at: now },
    },
    {
      ts: now,
      type: 'incident.reported',
      payload: {
        incidentId: IDS.incident,
        category: 'human_trafficking',
        priority: 1,
        title: ALL,
        description: DESCRIPTION,
        partnerReferences: [
          { kind: 'siena', reference: JS_URL },
          { kind: 'interpol', reference: IMG },
          { kind: 'other', reference: SCRIPT },
          { kind: 'national_case', reference: SVG },
        ],
        readmission: {
          fromCountry: countries[0],
          toCountry: countries[1],
          crossingId: IDS.crossing,
          persons: 3,
        },
        lon,
        lat,
        sectorId: IDS.sector,
        reportedBy: IDS.unit,
        reportedAt: now,
      },
    },
    {
      ts: now,
      type: 'incident.note_added',
      payload: { incidentId: IDS.incident, noteId: 'N-HOSTILE-1', author: ALL, text: DESCRIPTION, at: now },
    },
    {
      ts: now,
      type: 'incident.note_added',
      payload: { incidentId: IDS.incident, noteId: 'N-HOSTILE-2', author: SVG, text: JS_URL, at: now },
    },
    {
      ts: now,
      type: 'incident.assigned',
      payload: { incidentId: IDS.incident, unitIds: [IDS.unit], by: ALL, at: now },
    },
    {
      ts: now - 60_000,
      type: 'incident.reported',
      payload: {
        incidentId: IDS.resolved,
        category: 'excise_goods',
        priority: 3,
        title: IMG,
        lon,
        lat,
        sectorId: IDS.sector,
        reportedAt: now - 60_000,
      },
    },
    { ts: now, type: 'incident.acknowledged', payload: { incidentId: IDS.resolved, by: ALL, at: now } },
    {
      ts: now,
      type: 'incident.resolved',
      payload: { incidentId: IDS.resolved, outcome: DESCRIPTION, at: now },
    },
    {
      ts: now,
      type: 'bookmark.added',
      payload: { bookmarkId: IDS.bookmark, label: ALL, note: DESCRIPTION, author: SVG, at: now },
    },
  ];
}

/**
 * Runs in the page before its own scripts: records every element or attribute that could only
 * have come from the data (an inline script, an event-handler attribute, a script URL, a frame,
 * the payloads' img), the moment it appears even if it is gone again, and every CSP violation.
 */
function watchForInjection(): void {
  const found: string[] = [];
  (window as unknown as { __hostile: string[] }).__hostile = found;
  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc']);
  const check = (el: Element): void => {
    const tag = el.tagName.toLowerCase();
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`<${tag} ${attr.name}>`);
      if (URL_ATTRIBUTES.has(attr.name.toLowerCase()) && /^\s*javascript:/i.test(attr.value))
        found.push(`<${tag} ${attr.name}="${attr.value}">`);
    }
    if (tag === 'script' && !el.hasAttribute('src')) found.push('<script> inline');
    if (['iframe', 'frame', 'object', 'embed'].includes(tag)) found.push(`<${tag}>`);
    if (tag === 'img' && el.getAttribute('src') === 'x') found.push('<img src=x>');
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) check(record.target);
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof Element)) continue;
        check(node);
        node.querySelectorAll('*').forEach(check);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('securitypolicyviolation', (e) => {
    // Any refusal counts: the app itself asks for nothing the policy forbids (zod's eval probe is
    // off, renderer/src/zodConfig.ts), so a refusal here is the data trying something.
    found.push(`CSP refused ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/** Nothing from the data ran, was built into the page, or took it anywhere. */
async function expectInert(): Promise<void> {
  const state = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __hostile: string[] };
    return {
      pwned: Object.hasOwn(window, '__pwned') ? String(w.__pwned) : null,
      hostile: w.__hostile,
      imgX: document.querySelectorAll('img[src="x"]').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      scriptLinks: Array.from(document.querySelectorAll('a[href]'))
        .map((a) => a.getAttribute('href') ?? '')
        .filter((href) => /javascript:|pwned|evil\.example/i.test(href)),
      frames: document.querySelectorAll('iframe, frame, object, embed').length,
      inlineScripts: Array.from(document.scripts).filter((s) => !s.src).length,
    };
  });
  expect(state).toEqual({
    pwned: null,
    hostile: [],
    imgX: 0,
    svgOnload: 0,
    scriptLinks: [],
    frames: 0,
    inlineScripts: 0,
  });
  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  expect(navigations).toEqual([]);
  expect(page.url()).toBe(appUrl);
}

/** Clicks an element showing hostile text, then checks that the click went nowhere. */
async function clickText(selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().click();
  // Give a navigation the chance to start: a round trip to the page comes after any click effect.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(page.url()).toBe(appUrl);
}

const drawer = '[data-testid="detail-drawer"]';

describe.skipIf(!chromiumAvailable)('hostile text from the operations server, in Chromium', () => {
  beforeAll(async () => {
    dashboard = await openDashboard({
      name: 'hostile',
      server: {
        scenario: { seed: 11, units: 30, incidentsPerHour: 6, startAt: START, autoAcknowledge: false },
      },
      host: { operator: 'Officer Hadžić' },
      beforeLoad: async (opened, context) => {
        context.on('page', (other) => {
          if (other !== opened) popups.push(other.url());
        });
        opened.on('dialog', (dialog) => {
          dialogs.push(`${dialog.type()}: ${dialog.message()}`);
          void dialog.dismiss();
        });
        opened.on('popup', (popup) => popups.push(popup.url()));
        await opened.addInitScript(watchForInjection);
      },
    });
    ({ server, page } = dashboard);
    appUrl = page.url();
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    server.inject(hostileEvents());
    await page
      .locator(`[data-testid="incident-row"][data-incident-id="${IDS.incident}"]`)
      .waitFor({ timeout: 30_000 });
    // The map has drawn everything once: clicks do not queue behind its first load.
    await mapIdle(page);
  }, 180_000);

  afterAll(() => dashboard?.close());

  it('shows the hostile incident in the feed, the alert and the status bar as literal text', async () => {
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${IDS.incident}"]`);
    expect(await row.locator('.wf-title').innerText()).toBe(ALL);
    // The first partner reference is shown in the row.
    expect(await row.innerText()).toContain(JS_URL);
    // The hostile P1 was assigned, which acknowledges it, so its alert has cleared: a new one,
    // unacknowledged, raises the banner with the same text.
    const reported = server.state.incidents[IDS.incident]!;
    server.inject([
      {
        ts: server.operationTime,
        type: 'incident.reported',
        payload: {
          incidentId: `${IDS.incident}-ALERT`,
          category: 'human_trafficking',
          priority: 1,
          title: ALL,
          lon: reported.lon,
          lat: reported.lat,
          sectorId: IDS.sector,
          reportedAt: server.operationTime,
        },
      },
    ]);
    const alert = page.locator('[data-testid="priority-alert"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain(SCRIPT);
    await expect.poll(() => page.locator('[data-testid="operation-name"]').innerText()).toBe(ALL);
    await clickText('[data-testid="operation-name"]', SCRIPT);
    await expectInert();
  });

  it('shows every field in the detail drawer as text, and clicking the text goes nowhere', async () => {
    await page.locator(`[data-testid="incident-row"][data-incident-id="${IDS.incident}"]`).click();
    const incident = page.locator(`${drawer}[data-kind="incident"][data-id="${IDS.incident}"]`);
    await incident.waitFor();
    await page.locator(`${drawer} [data-testid="note"]`).nth(1).waitFor();
    const text = await incident.innerText();
    for (const shown of [SCRIPT, IMG, SVG, JS_URL, `[open the case file](${JS_URL})`, `<a href="${JS_URL}">`])
      expect(text).toContain(shown);
    expect(await incident.locator('.wf-drawer-title').innerText()).toContain(ALL);
    const notes = await page.locator(`${drawer} [data-testid="note"]`).allInnerTexts();
    expect(notes.join('\n')).toContain(`<iframe src="${JS_URL}"></iframe>`);
    // Clicked as an officer would, on the text itself (the links to the crossing and sector come after).
    await clickText(`${drawer} .wf-drawer-title`, SCRIPT);
    await clickText(`${drawer} dt:text-is("Description") + dd`, JS_URL);
    await clickText(`${drawer} dt:text-is("siena") + dd`, JS_URL);
    await clickText(`${drawer} dt:text-is("interpol") + dd`, IMG);
    await clickText(`${drawer} .wf-note-text`, JS_URL);
    await clickText(`${drawer} .wf-note-meta`, SVG);
    expect(await incident.isVisible()).toBe(true);
    await expectInert();

    // The sector and its unit, each through its link in the drawer (the crossing's name is its link's text).
    expect(await page.locator(`${drawer} dt:text-is("Crossing") + dd .wf-link`).innerText()).toBe(ALL);
    await page.locator(`${drawer} dt:text-is("Sector") + dd .wf-link`).click();
    await page.locator(`${drawer}[data-kind="sector"][data-id="${IDS.sector}"]`).waitFor();
    const sector = await page.locator(drawer).innerText();
    expect(sector).toContain(ALL);
    expect(sector).toContain(`<img src=x onerror=alert(document.domain)>`);
    await page.locator(`${drawer} .wf-plain-list .wf-link[title="${IDS.unit}"]`).click();
    await page.locator(`${drawer}[data-kind="unit"][data-id="${IDS.unit}"]`).waitFor();
    expect(await page.locator(`${drawer} .wf-drawer-title`).innerText()).toBe(ALL);
    expect(await page.locator(`${drawer} dt:text-is("Agency") + dd`).innerText()).toContain(ALL);
    await expectInert();

    // The resolved incident: who acknowledged it and its outcome.
    await page.locator(`[data-testid="incident-row"][data-incident-id="${IDS.resolved}"]`).click();
    const resolved = page.locator(`${drawer}[data-kind="incident"][data-id="${IDS.resolved}"]`);
    await resolved.waitFor();
    const resolvedText = await resolved.innerText();
    expect(resolvedText).toContain(`by ${ALL}`);
    expect(resolvedText).toContain(LINKS.split('\n')[0]!);
    await expectInert();
  });

  it('shows the hostile text as text in the map tooltip', async () => {
    // The map flew to the hostile spot when the first of its things was selected (keeping it clear
    // of the drawer, so not at the map's centre); the drawer goes, and the pointer goes to the spot.
    await page.keyboard.press('Escape');
    await page.locator(drawer).waitFor({ state: 'detached' });
    await mapIdle(page);
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    const spot = server.state.incidents[IDS.incident]!;
    const [x, y] = await mapPoint(page, spot.lon, spot.lat);
    const centre = { x: box.x + x, y: box.y + y };
    // The map has several deck.gl canvases (see MAP_CANVASES), each with a tooltip element: the
    // one that shows the hostile text is the one under test.
    const tooltip = page.locator('.deck-tooltip').filter({ hasText: IMG });
    // deck.gl picks on pointer moves: should one land while a frame is still being drawn, the next one picks.
    for (const dx of [-1, 0, 1]) {
      await page.mouse.move(centre.x + dx, centre.y);
      const shown = await tooltip
        .waitFor({ state: 'visible', timeout: 15_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
    }
    expect(await tooltip.innerText()).toContain(IMG);
    // Only text and the line breaks innerText makes: no element from the data.
    expect(
      await tooltip.evaluate(
        (el) => Array.from(el.querySelectorAll('*')).filter((c) => c.tagName !== 'BR').length,
      ),
    ).toBe(0);
    await page.mouse.move(box.x + 5, box.y + 5);
    await expectInert();
  }, 120_000);

  it('shows hostile names as text in the unit roster and the sector board', async () => {
    await page.locator('[data-testid="tab-units"]').click();
    await page.locator('[data-testid="roster-search"]').fill('<script>');
    const unit = page.locator(`[data-testid="unit-row"][data-unit-id="${IDS.unit}"]`);
    await unit.waitFor({ timeout: 30_000 });
    expect(await unit.innerText()).toContain(SCRIPT);
    await page.locator('[data-testid="roster-search"]').fill('');
    await page.locator('[data-testid="tab-sectors"]').click();
    const sector = page.locator(`[data-testid="sector-row"][data-sector-id="${IDS.sector}"]`);
    await sector.waitFor({ timeout: 30_000 });
    expect(await sector.innerText()).toContain(ALL);
    await clickText(`[data-testid="sector-row"][data-sector-id="${IDS.sector}"]`, SCRIPT);
    await expectInert();
  });

  it('shows hostile text as text in the replay log and the bookmarks', async () => {
    await page.locator('[data-testid="replay-toggle"]').click();
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="replay"]');
    await page.locator('[data-testid="tab-replay"]').click();
    const logged = page.locator('[data-testid="log-row"]', { hasText: SCRIPT });
    await logged.first().waitFor({ timeout: 30_000 });
    const bookmark = page.locator(`[data-testid="bookmark-row"][data-bookmark-id="${IDS.bookmark}"]`);
    await bookmark.waitFor({ timeout: 30_000 });
    const bookmarkText = await bookmark.innerText();
    expect(bookmarkText).toContain(ALL);
    expect(bookmarkText).toContain(SVG);
    await expectInert();
    await page.locator('[data-testid="replay-toggle"]').click();
    await page.waitForSelector('[data-testid="timeline-mode"][data-mode="live"]');
    // The whole page, at the end: the raw text is on screen, and nothing ran or opened.
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).toContain(SCRIPT);
    await expectInert();
  }, 120_000);

  it('keeps following the feed after ids named constructor and __proto__, and shows a bidi override as inert text', async () => {
    const now = server.operationTime;
    const sectorId = Object.keys(server.state.sectors)[0]!;
    const { line } = server.state.sectors[sectorId]!;
    const [lon, lat] = line[0]!;
    const unit = (unitId: string, callsign: string): EventDraft[] => [
      {
        ts: now,
        type: 'unit.upserted',
        payload: {
          unitId,
          callsign,
          agency: 'police',
          organisation: 'Police',
          country: 'RS',
          kind: 'foot',
          sectorId,
          status: 'patrolling',
        },
      },
      // Two reports: the second extends a trail, which the page keeps by unit id.
      {
        ts: now,
        type: 'unit.position',
        payload: { unitId, lon, lat, heading: 0, speed: 1, accuracy: 5, at: now },
      },
      {
        ts: now + 1,
        type: 'unit.position',
        payload: { unitId, lon: lon + 0.001, lat, heading: 0, speed: 1, accuracy: 5, at: now + 1 },
      },
    ];
    const incident = (incidentId: string, title: string): EventDraft => ({
      ts: now,
      type: 'incident.reported',
      payload: { incidentId, category: 'drugs', priority: 4, title, lon, lat, sectorId, reportedAt: now },
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    server.inject([
      ...unit('constructor', 'Unit constructor'),
      incident('constructor', 'Incident constructor'),
    ]);
    // A unit and an incident referring to a sector and a reporter `valueOf` that nobody is.
    server.inject(danglingReferenceDrafts('valueOf', now) as EventDraft[]);
    // The wire's id rule refuses `__proto__`: the client sets it aside and goes on.
    server.inject([incident('__proto__', 'Incident proto')]);
    server.inject(unit('U-BIDI', 'AB\u202Edcba'));
    server.inject(unit('U-AFTER', 'Unit after'));

    await page.locator('[data-testid="tab-units"]').click();
    const search = page.locator('[data-testid="roster-search"]');
    await search.fill('Unit after');
    await page.locator('[data-testid="unit-row"][data-unit-id="U-AFTER"]').waitFor({ timeout: 30_000 });
    await search.fill('Unit constructor');
    const constructorRow = page.locator('[data-testid="unit-row"][data-unit-id="constructor"]');
    await constructorRow.waitFor({ timeout: 30_000 });
    expect(await constructorRow.innerText()).toContain('Unit constructor');
    await constructorRow.click();
    const unitDrawer = page.locator(`${drawer}[data-kind="unit"][data-id="constructor"]`);
    await unitDrawer.waitFor({ timeout: 30_000 });
    expect(await unitDrawer.locator('.wf-drawer-title').innerText()).toBe('Unit constructor');
    await page.keyboard.press('Escape');
    await page.locator(drawer).waitFor({ state: 'detached' });
    await search.fill('');
    const incidentRow = page.locator('[data-testid="incident-row"][data-incident-id="constructor"]');
    await incidentRow.waitFor({ timeout: 30_000 });
    expect(await incidentRow.innerText()).toContain('Incident constructor');

    // The callsign with an override: no U+202E reaches the DOM, and no reordered form shows.
    await search.fill('dcba');
    const bidiRow = page.locator('[data-testid="unit-row"][data-unit-id="U-BIDI"]');
    await bidiRow.waitFor({ timeout: 30_000 });
    const shown = await bidiRow.innerText();
    expect(shown).toContain('AB\uFFFDdcba');
    expect(shown).not.toContain('\u202E');
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // The text cell is a bidi island.
    expect(await bidiRow.locator('.wf-callsign').evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe(
      'isolate',
    );
    await search.fill('');
    // The results board credits the incident of the sector nobody is to the unknown country, not to
    // whatever `sectors.valueOf` would have given.
    await page.locator('[data-testid="tab-results"]').click();
    await page.locator('[data-testid="results-board"] [data-country="??"]').waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    await expectInert();
  }, 120_000);
});
