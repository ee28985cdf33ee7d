import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading PDFs in tests: the text of each page (pdf.js's legacy build, which runs in Node), and a
 * page as a PNG rendered by pdf.js inside Chromium, for looking at what was printed. Nothing is
 * fetched: pdf.js is served to the page from node_modules through a route.
 */

/** The number of pages and the text of each, in reading order, one string per page. */
export async function pdfText(buffer: Uint8Array): Promise<{ pages: number; text: string[] }> {
  // pdf.js takes ownership of the bytes it is given, so it gets a copy.
  const doc = await getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const text: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      text.push(
        content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
      );
      page.cleanup();
    }
    return { pages: doc.numPages, text };
  } finally {
    await doc.destroy();
  }
}

const PDFJS_BUILD = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'build');
const ORIGIN = 'http://pdf.test';

const RENDER_PAGE = (pageNumber: number, scale: number): string => `<!DOCTYPE html>
<html><body style="margin:0;background:#fff"><canvas id="page"></canvas>
<script type="module">
  import * as pdfjs from '/pdf.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
  try {
    const doc = await pdfjs.getDocument('/document.pdf').promise;
    const page = await doc.getPage(${pageNumber});
    const viewport = page.getViewport({ scale: ${scale} });
    const canvas = document.getElementById('page');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
    document.title = 'rendered';
  } catch (error) {
    document.title = 'failed: ' + error;
  }
</script></body></html>`;

/** One page of a PDF as a PNG, drawn by pdf.js in Chromium (scale 1 = 72 dpi). */
export async function pdfPagePng(
  browser: Pick<Browser, 'newPage'>,
  pdf: Uint8Array,
  pageNumber = 1,
  scale = 1.5,
): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') {
        return route.fulfill({ contentType: 'text/html', body: RENDER_PAGE(pageNumber, scale) });
      }
      if (path === '/document.pdf')
        return route.fulfill({ contentType: 'application/pdf', body: Buffer.from(pdf) });
      if (path === '/pdf.mjs' || path === '/pdf.worker.mjs') {
        return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(PDFJS_BUILD, path)) });
      }
      return route.abort();
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => document.title !== '', undefined, { timeout: 60_000 });
    const title = await page.title();
    if (title !== 'rendered') throw new Error(`pdf.js could not render page ${pageNumber}: ${title}`);
    return await page.locator('#page').screenshot();
  } finally {
    await page.close();
  }
}
