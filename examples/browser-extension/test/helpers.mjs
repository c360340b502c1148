// Shared by the browser tests: the demo EHR server, Chromium with the unpacked
// extension, request recording, and small DOM probes.
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo-ehr/serve.mjs';

export const EXT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(EXT_DIR, 'test', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Starts the demo server and Chromium with the extension. Returns
 * { context, server, base, extensionId, worker, requests, workerResources(),
 *   close() }.
 */
export async function launch() {
  if (!existsSync(join(EXT_DIR, 'vendor', 'exemplar.wasm'))) {
    throw new Error('vendor/ is missing: run `node build.mjs` (npm test does it)');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startDemoServer({ port: 0 });
  const profile = mkdtempSync(join(tmpdir(), 'exemplar-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 1280, height: 1000 },
    acceptDownloads: true,
    args: [
      '--headless=new',
      `--disable-extensions-except=${EXT_DIR}`,
      `--load-extension=${EXT_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=none',
    ],
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20_000 });
  worker.on('console', () => {});
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    server,
    base: server.url,
    extensionId,
    worker,
    requests,
    // Every fetch of the service worker since it started (its network guard's
    // log; context.on('request') only sees them once Playwright is attached).
    workerFetches: () => worker.evaluate(() => globalThis.__exemplarNetworkLog.slice()),
    async close() {
      await context.close().catch(() => {});
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the overlay host reports a render newer than `after`. */
export async function waitForRender(frame, after = 0, timeout = 10_000) {
  await frame.waitForFunction(
    (n) => Number(document.querySelector('exemplar-overlay')?.dataset.renders ?? 0) > n,
    after,
    { timeout, polling: 20 },
  );
}

export async function renderCount(frame) {
  return frame.evaluate(() => Number(document.querySelector('exemplar-overlay')?.dataset.renders ?? 0));
}

/** The overlay boxes drawn for a textarea: [{ kind, start, end, rect }] (viewport coordinates). */
export async function overlayBoxes(frame) {
  return frame.evaluate(() => {
    const host = document.querySelector('exemplar-overlay');
    if (!host || !host.shadowRoot) return [];
    return [...host.shadowRoot.querySelectorAll('.field:not([hidden]) .hl')].map((b) => {
      const r = b.getBoundingClientRect();
      return { kind: b.dataset.kind, start: Number(b.dataset.start), end: Number(b.dataset.end), weak: b.classList.contains('weak'), lead: b.classList.contains('lead'), rect: { x: r.x, y: r.y, w: r.width, h: r.height } };
    });
  });
}

/** Ranges in CSS.highlights named exemplar-*: [{ name, text, rects }]. */
export async function highlightRanges(frame) {
  return frame.evaluate(() => {
    const out = [];
    for (const [name, h] of CSS.highlights) {
      if (!name.startsWith('exemplar-')) continue;
      for (const r of h) {
        out.push({ name, text: r.toString(), rects: [...r.getClientRects()].map((q) => ({ x: q.x, y: q.y, w: q.width, h: q.height })) });
      }
    }
    return out;
  });
}

export function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
