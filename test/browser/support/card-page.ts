// The service-card page as the browser tests (and bench:browser) see it: open it in a fresh
// browser context (optionally with a skewed clock), wait until it shows its cards, and watch it
// from inside the page. Watchers are MutationObservers whose timestamps come from the page's REAL
// clock (saved before any skew is installed), so "the card flipped 120 ms after openAt" is measured
// where the visitor sees it, not in the test process after a round trip.

import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminHeaders } from '../../support/service-harness.js';
import { artifactDir, NetworkRecorder, saveScreenshot, skewPageClock, type NetworkEntry } from './browser.js';

export interface CardPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly network: NetworkRecorder;
  /** Real epoch ms (test process) when the page showed its first cards. */
  readonly loadedAt: number;
  close(): Promise<void>;
}

export interface OpenCardPageOptions {
  /** Page clock minus real time, ms (positive: the page's clock is ahead). */
  readonly skewMs?: number;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** Opens `baseUrl` in its own context and waits until the grid and the connection state are shown. */
export async function openCardPage(browser: Browser, baseUrl: string, options: OpenCardPageOptions = {}): Promise<CardPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Registered before the skew: init scripts run in order, so this one still sees the real Date.
  await page.addInitScript(() => {
    const realNow = Date.now.bind(Date);
    Object.defineProperty(globalThis, '__realNow', { value: realNow });
  });
  if (options.skewMs !== undefined && options.skewMs !== 0) await skewPageClock(page, options.skewMs);
  const network = new NetworkRecorder(page);
  await page.goto(baseUrl);
  // Attached, not visible: a view with no cards is an empty (zero-height) grid.
  await page.waitForSelector('[data-testid="grid"][data-count]', { state: 'attached' });
  await page.waitForSelector('body[data-connection]');
  return { page, context, network, loadedAt: Date.now(), close: () => context.close() };
}

/** What a watcher saw: the new value and the real time (epoch ms) the page changed it. */
export interface Change {
  readonly id: string;
  readonly value: string;
  readonly at: number;
}

/**
 * Records, from now on, every change of the `data-status` attribute of every card (ids `card-<id>`),
 * and the current status of each as a first entry. Read with `statusChanges(page)`.
 */
export async function watchStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const now = (globalThis as unknown as { __realNow: () => number }).__realNow;
    const log: { id: string; value: string; at: number }[] = [];
    Object.defineProperty(globalThis, '__statusChanges', { value: log, configurable: true });
    const grid = document.querySelector('[data-testid="grid"]');
    if (grid === null) throw new Error('no grid');
    for (const card of grid.querySelectorAll<HTMLElement>('[data-status]')) {
      log.push({ id: card.dataset.testid ?? '', value: card.dataset.status ?? '', at: now() });
    }
    new MutationObserver((records) => {
      const at = now();
      for (const record of records) {
        const card = record.target as HTMLElement;
        if (record.oldValue === card.dataset.status) continue;
        log.push({ id: card.dataset.testid ?? '', value: card.dataset.status ?? '', at });
      }
    }).observe(grid, { subtree: true, attributes: true, attributeFilter: ['data-status'], attributeOldValue: true });
  });
}

export async function statusChanges(page: Page): Promise<Change[]> {
  return page.evaluate(() => [...(globalThis as unknown as { __statusChanges: Change[] }).__statusChanges]);
}

/** Waits (up to `timeoutMs`) until card `cardId` shows OPEN; its change as `watchStatuses` recorded it. */
export async function waitForOpen(page: Page, cardId: number, timeoutMs = 8_000): Promise<Change> {
  await page.waitForSelector(`[data-testid="card-${cardId}"][data-status="OPEN"]`, { timeout: timeoutMs });
  const flip = (await statusChanges(page)).find((change) => change.id === `card-${cardId}` && change.value === 'OPEN');
  if (flip === undefined) throw new Error(`card ${cardId} shows OPEN but no change to OPEN was recorded (watchStatuses first)`);
  return flip;
}

/** Records every text the countdown of card `cardId` shows from now on, with real times. */
export async function watchCountdown(page: Page, cardId: number): Promise<void> {
  await page.evaluate((id: number) => {
    const now = (globalThis as unknown as { __realNow: () => number }).__realNow;
    const element = document.querySelector(`[data-testid="countdown-${id}"]`);
    if (element === null) throw new Error(`no countdown-${id}`);
    const log: { id: string; value: string; at: number }[] = [{ id: String(id), value: element.textContent ?? '', at: now() }];
    Object.defineProperty(globalThis, `__countdown${id}`, { value: log, configurable: true });
    new MutationObserver(() => {
      const value = element.textContent ?? '';
      if (log[log.length - 1]?.value !== value) log.push({ id: String(id), value, at: now() });
    }).observe(element, { subtree: true, childList: true, characterData: true });
  }, cardId);
}

export async function countdownChanges(page: Page, cardId: number): Promise<Change[]> {
  return page.evaluate((id: number) => [...(globalThis as unknown as Record<string, Change[]>)[`__countdown${id}`]!], cardId);
}

/** The value a change log shows at real instant `at` (the last change at or before it). */
export function valueAt(log: readonly Change[], at: number): string | undefined {
  let value: string | undefined;
  for (const change of log) {
    if (change.at > at) break;
    value = change.value;
  }
  return value;
}

/** `HH:MM:SS` or `Nd HH:MM:SS` as whole seconds; NaN for anything else. */
export function countdownSeconds(text: string): number {
  const match = /^(?:(\d+)d )?(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (match === null) return Number.NaN;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
}

/** The page's connection state as shown in its header (`connected`, `polling`, `reconnecting`, `offline`). */
export async function connectionState(page: Page): Promise<string | null> {
  return page.getByTestId('connection').getAttribute('data-state');
}

export async function shownMode(page: Page): Promise<string | null> {
  return page.getByTestId('mode').getAttribute('data-mode');
}

/** Waits until `predicate` holds or `timeoutMs` passes; true when it held. */
export async function eventually(predicate: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(stepMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The cards as a page shows them, keyed by id: what "the same cards as a fresh page" compares. */
export interface ShownCard {
  readonly id: string;
  readonly status: string;
  readonly version: string;
  readonly seats: string;
  readonly button: string;
}

export async function shownCards(page: Page): Promise<ShownCard[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="grid"] [data-status]')].map((card) => {
      const button = card.querySelector<HTMLButtonElement>('[data-testid^="reserve-"]');
      return {
        id: card.dataset.testid ?? '',
        status: card.dataset.status ?? '',
        version: card.dataset.version ?? '',
        seats: card.querySelector('.seats__count')?.textContent ?? '',
        button: button === null ? 'none' : button.hidden ? 'hidden' : button.disabled ? 'disabled' : 'enabled',
      };
    }),
  );
}

/** Switches the live mode of every instance and page (`PUT /api/admin/realtime`). */
export async function switchRealtimeMode(baseUrl: string, mode: 'websocket' | 'hybrid' | 'polling', hybridPollIntervalMillis: number): Promise<void> {
  const response = await fetch(`${baseUrl}/api/admin/realtime`, {
    method: 'PUT',
    headers: adminHeaders(),
    body: JSON.stringify({ mode, hybridPollIntervalMillis }),
  });
  if (response.status !== 200) throw new Error(`realtime switch answered ${response.status}: ${await response.text()}`);
}

/** Gaps between consecutive entries, ms. */
export function gapsBetween(entries: readonly NetworkEntry[]): number[] {
  return entries.slice(1).map((entry, index) => entry.at - entries[index]!.at);
}

/** Records every value the body's data-connection takes from now on (the header's connection state). */
export async function watchConnection(page: Page): Promise<void> {
  await page.evaluate(() => {
    const now = (globalThis as unknown as { __realNow: () => number }).__realNow;
    const log: { id: string; value: string; at: number }[] = [{ id: 'connection', value: document.body.dataset.connection ?? '', at: now() }];
    Object.defineProperty(globalThis, '__connectionChanges', { value: log, configurable: true });
    new MutationObserver(() => {
      const value = document.body.dataset.connection ?? '';
      if (log[log.length - 1]?.value !== value) log.push({ id: 'connection', value, at: now() });
    }).observe(document.body, { attributes: true, attributeFilter: ['data-connection'] });
  });
}

export async function connectionChanges(page: Page): Promise<Change[]> {
  return page.evaluate(() => [...(globalThis as unknown as { __connectionChanges: Change[] }).__connectionChanges]);
}

/**
 * Evidence for one moment of a test: the full page as PNG (artifacts/<test>/<name>.png) and a
 * compact JPEG of what the viewport shows (<name>.jpg), small enough to embed in the docs.
 */
export async function saveEvidence(page: Page, testName: string, name: string): Promise<void> {
  await saveScreenshot(page, testName, name);
  await page.screenshot({ path: path.join(await artifactDir(testName), `${name}.jpg`), type: 'jpeg', quality: 62, scale: 'css' });
}
