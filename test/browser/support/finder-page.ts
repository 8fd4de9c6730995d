// The finder (search box, status classes, sort, pager) as the browser tests drive it, and what the
// grid shows: which view (`data-view`, the page's query string once that view's answer is on
// screen) and which cards, in order.

import type { Page } from 'playwright-core';
import { eventually } from './card-page.js';

/** The card ids the grid shows, in screen order. */
export async function shownIds(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="grid"] > [data-testid^="card-"]')].map((card) => Number(card.dataset.testid!.slice('card-'.length))),
  );
}

/** Waits until the grid shows the view spelled `search` (e.g. `?q=zeta&show=soon`, '' for the default). */
export async function waitForView(page: Page, search: string, timeoutMs = 8_000): Promise<void> {
  await page.waitForFunction((expected) => document.querySelector<HTMLElement>('[data-testid="grid"]')?.dataset.view === expected, search, { timeout: timeoutMs });
}

/** Waits until the grid shows exactly `ids` (in that order); the ids it showed last when it did not. */
export async function waitForIds(page: Page, ids: readonly number[], timeoutMs: number): Promise<number[]> {
  let last: number[] = [];
  await eventually(async () => {
    last = await shownIds(page);
    return last.length === ids.length && last.every((id, index) => id === ids[index]);
  }, timeoutMs);
  return last;
}

/** Marks the document, so a later `sameDocument` tells whether the page was reloaded in between. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.defineProperty(globalThis, '__sameDocument', { value: true, configurable: true }));
}

export async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

/** The page's own query string (what a reload or a shared link carries). */
export async function pageSearch(page: Page): Promise<string> {
  return page.evaluate(() => location.search);
}
