import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** One piece of text the officer cannot read whole. */
export interface Clipped {
  /** A short path to the element: tag, test id or class. */
  where: string;
  text: string;
  why: string;
}

/**
 * Text cut off in the given regions of the page: an element with text of its own whose content is
 * wider (or taller) than its box while the box hides the rest, an element cut by a hiding ancestor,
 * a select too narrow for the option shown, or anything outside the window. Not counted: what a list
 * or the drawer scrolls to (it is there to scroll to), the rows of the incident feed and the unit
 * roster, which end in an ellipsis by design (each row's whole text is in its drawer), other data
 * drawn with a deliberate ellipsis (`.wf-ellipsis`), and words for screen readers only (`.wf-sr-only`).
 */
export function clippedText(page: Page, regions: readonly string[]): Promise<Clipped[]> {
  return page.evaluate((selectors) => {
    const found: { where: string; text: string; why: string }[] = [];
    const seen = new Set<Element>();
    const canvas = document.createElement('canvas').getContext('2d')!;
    const name = (e: Element): string => {
      const id = e.getAttribute('data-testid');
      const cls =
        typeof e.className === 'string' && e.className ? `.${e.className.split(/\s+/).join('.')}` : '';
      return `${e.tagName.toLowerCase()}${id ? `[${id}]` : cls}`;
    };
    const path = (e: Element): string => {
      const parts: string[] = [];
      for (let n: Element | null = e; n && parts.length < 3; n = n.parentElement) parts.unshift(name(n));
      return parts.join(' > ');
    };
    const ownText = (e: Element): string =>
      [...e.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
    const hides = (v: string): boolean => v !== 'visible';
    const visible = (e: HTMLElement): boolean => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    for (const selector of selectors)
      for (const root of document.querySelectorAll<HTMLElement>(selector))
        for (const e of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
          if (seen.has(e) || !visible(e)) continue;
          seen.add(e);
          if (e.closest('.wf-ellipsis, .wf-sr-only, canvas, svg, .maplibregl-canvas-container')) continue;
          if (e.closest('[data-testid="incident-row"], [data-testid="unit-row"]')) continue;
          // The nearest ancestor that scrolls: what lies beyond its edges is scrolled to, not lost.
          let scroller: HTMLElement | null = null;
          for (let a = e.parentElement; a && !scroller; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (/auto|scroll/.test(s.overflowX + s.overflowY)) scroller = a;
          }
          const isSelect = e instanceof HTMLSelectElement;
          const isInput = e instanceof HTMLInputElement;
          const text = isSelect
            ? (e.selectedOptions[0]?.text ?? '')
            : isInput
              ? e.value || e.placeholder
              : ownText(e);
          if (text === '' || (isInput && !['text', 'search', ''].includes(e.type))) continue;
          const style = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          const report = (why: string): void => {
            found.push({ where: path(e), text: text.slice(0, 60), why });
          };
          if (
            !scroller &&
            (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1 || r.left < -1)
          )
            report('outside the window');
          if (isSelect || isInput) {
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room =
              e.clientWidth -
              parseFloat(style.paddingLeft) -
              parseFloat(style.paddingRight) -
              (isSelect ? 16 : 0);
            if (canvas.measureText(text).width > room + 1)
              report(`text wider than the field (${Math.round(room)} px)`);
          } else if (e.scrollWidth > e.clientWidth + 1 && (hides(style.overflowX) || e.tagName === 'BUTTON'))
            report(`content ${e.scrollWidth} px in a box of ${e.clientWidth} px`);
          else if (
            e.scrollHeight > e.clientHeight + 2 &&
            hides(style.overflowY) &&
            style.overflowY !== 'auto'
          )
            report(`content ${e.scrollHeight} px high in a box of ${e.clientHeight} px`);
          // Cut by an ancestor that hides what overflows it.
          for (let a = e.parentElement; a && a !== document.body && a !== scroller; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (!hides(s.overflowX) && !hides(s.overflowY)) continue;
            const ar = a.getBoundingClientRect();
            const cutX =
              (s.overflowX === 'hidden' || s.overflowX === 'clip') &&
              (r.right > ar.right + 1 || r.left < ar.left - 1);
            const cutY =
              (s.overflowY === 'hidden' || s.overflowY === 'clip') &&
              (r.bottom > ar.bottom + 1 || r.top < ar.top - 1);
            if (cutX || cutY) {
              report(`cut by ${name(a)}`);
              break;
            }
          }
        }
    return found;
  }, regions);
}

/** A control the officer can see but not reach: something else lies over its centre. */
export interface Covered {
  /** A short path to the control: tag, test id or class. */
  where: string;
  /** Its name: the accessible label, the text or the value. */
  text: string;
  /** A short path to the element found over the control's centre. */
  by: string;
}

/**
 * Controls (buttons, links, fields) in the given regions that another element covers: the element
 * a click at the control's centre would reach (`document.elementFromPoint`) is neither the control
 * nor inside it. A covered control is not cut off, so `clippedText` does not see it: a toolbar
 * that passes under the detail drawer, or under the open legend, shows nothing clipped. Not
 * counted: a control not drawn (hidden, or in a closed `<details>`), one whose centre is outside the window or outside an ancestor that scrolls or
 * hides what overflows (scrolled away, or cut, which `clippedText` reports), and words for screen
 * readers only (`.wf-sr-only`).
 */
export function coveredControls(page: Page, regions: readonly string[]): Promise<Covered[]> {
  return page.evaluate((selectors) => {
    const found: { where: string; text: string; by: string }[] = [];
    const seen = new Set<Element>();
    const name = (e: Element): string => {
      const id = e.getAttribute('data-testid');
      const cls =
        typeof e.className === 'string' && e.className ? `.${e.className.split(/\s+/).join('.')}` : '';
      return `${e.tagName.toLowerCase()}${id ? `[${id}]` : cls}`;
    };
    const path = (e: Element): string => {
      const parts: string[] = [];
      for (let n: Element | null = e; n && parts.length < 3; n = n.parentElement) parts.unshift(name(n));
      return parts.join(' > ');
    };
    const CONTROLS = 'button, a[href], input:not([type="hidden"]), select, textarea';
    for (const selector of selectors)
      for (const root of document.querySelectorAll<HTMLElement>(selector))
        for (const e of [root, ...root.querySelectorAll<HTMLElement>(CONTROLS)]) {
          if (seen.has(e) || !e.matches(CONTROLS)) continue;
          seen.add(e);
          const r = e.getBoundingClientRect();
          // Not drawn: no box, hidden, or inside a closed <details> (which still lays its content
          // out when asked, under its summary).
          if (r.width === 0 || r.height === 0 || !e.checkVisibility({ visibilityProperty: true })) continue;
          if (e.closest('.wf-sr-only')) continue;
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
          let away = false;
          for (let a = e.parentElement; a && a !== document.body && !away; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
            const ar = a.getBoundingClientRect();
            away = x < ar.left || x > ar.right || y < ar.top || y > ar.bottom;
          }
          if (away) continue;
          const hit = document.elementFromPoint(x, y);
          if (hit && (hit === e || e.contains(hit))) continue;
          const text = (
            e.getAttribute('aria-label') ??
            (e instanceof HTMLInputElement ? e.value || e.placeholder || e.type : (e.textContent ?? ''))
          ).trim();
          found.push({ where: path(e), text: text.slice(0, 60), by: hit ? path(hit) : 'nothing' });
        }
    return found;
  }, regions);
}

/** One axe rule broken, with the elements that break it. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical findings in a part of the page. The maps' canvases are left out:
 * deck.gl and maplibre draw on <canvas>, which has no text for axe to judge, and deck.gl's tooltip
 * element sits empty and hidden until the pointer hovers an object.
 */
export async function axeFindings(page: Page, include: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .include(include)
    .exclude('.maplibregl-canvas-container')
    .exclude('.deck-tooltip')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes
        .slice(0, 8)
        .map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
}
