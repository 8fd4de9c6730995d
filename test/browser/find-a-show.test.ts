// The page as the place to find a show (issue 10, section 3), in a real Chromium against a real
// service: the keyword search narrows the grid and the view stays live (a matching concert created
// elsewhere appears without reload, an unrelated one does not); a status class holds across a
// flip (a sale that opens leaves "opening soon" and is found under "bookable"); and the URL keeps
// the view (a reload, a shared link and the back button show the same cards). Each test leaves
// screenshots under artifacts/<name>/.

import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { launchBrowser } from './support/browser.js';
import { openCardPage, saveEvidence, sleep, statusChanges, switchRealtimeMode, watchStatuses } from './support/card-page.js';
import { markDocument, pageSearch, sameDocument, shownIds, waitForIds, waitForView } from './support/finder-page.js';

const HOUR_MS = 3_600_000;

function at(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

describe('service-card page in a browser: finding a show', function () {
  this.timeout(60_000);
  let service: InProcessService;
  let browser: Browser;

  before(async () => {
    [service, browser] = await Promise.all([startTestService({ env: { DATABASE_POOL_SIZE: '3', AGENDA_POOL_SIZE: '3' } }), launchBrowser()]);
    await switchRealtimeMode(service.baseUrl, 'websocket', 2_000);
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('search narrows the cards, and a matching concert created elsewhere appears without reload', async function () {
    const concert = (title: string, opensInMs: number) =>
      createConcert(service.baseUrl, { title, artistName: 'Search Case', totalSeatCount: 100, generalSaleStartAt: at(opensInMs) });
    const nights = await concert('Zeta Nights', 3 * HOUR_MS);
    const harbour = await concert('Harbour Lights', 5 * HOUR_MS);
    const dawn = await concert('Zeta Dawn', 7 * HOUR_MS);
    const shift = await concert('Night Shift Orchestra', 9 * HOUR_MS);
    const shown = await openCardPage(browser, service.baseUrl);
    const { page } = shown;
    try {
      await waitForView(page, '');
      expect(await shownIds(page), 'the whole catalogue by sale start').to.deep.equal([nights.id, harbour.id, dawn.id, shift.id]);

      await page.getByLabel('Search').fill('zeta');
      await waitForView(page, '?q=zeta');
      expect(await shownIds(page), 'after typing "zeta"').to.deep.equal([nights.id, dawn.id]);
      expect(await pageSearch(page), 'the URL names the view').to.equal('?q=zeta');
      await markDocument(page);

      // Created through the admin API while the page is open: one that does not match, then one that does.
      const unrelated = await concert('Harbour Lights II', 4 * HOUR_MS);
      const encore = await concert('Zeta Encore', 4 * HOUR_MS);
      const seen = await waitForIds(page, [nights.id, encore.id, dawn.id], 5_000);
      expect(seen, 'the new matching concert, in its sale-start place').to.deep.equal([nights.id, encore.id, dawn.id]);
      await sleep(1_000);
      expect(await shownIds(page), 'the unrelated concert never shows').to.not.include(unrelated.id);
      expect(await sameDocument(page), 'no reload').to.equal(true);
      expect(await page.getByTestId('result-summary').textContent()).to.equal('3 concerts');
      await saveEvidence(page, 'find-search', 'page');
    } finally {
      await shown.close();
    }
  });

  it('"opening soon" holds across a flip: the sale that opens leaves the view, and is found under "bookable"', async function () {
    const concert = (title: string, generalSaleStartAt: string | null) =>
      createConcert(service.baseUrl, { title, artistName: 'Flip Case', totalSeatCount: 50, generalSaleStartAt });
    const openAt = Date.now() + 9_000;
    const opening = await concert('Flipcase Premiere', new Date(openAt).toISOString());
    const later = await concert('Flipcase Matinee', at(2 * HOUR_MS));
    const open = await concert('Flipcase Encore', at(-60_000));
    const unscheduled = await concert('Flipcase Rumour', null);
    const shown = await openCardPage(browser, `${service.baseUrl}/?q=flipcase&show=soon`);
    const { page } = shown;
    try {
      await waitForView(page, '?q=flipcase&show=soon');
      expect(await shownIds(page), 'opening soon, before the flip').to.deep.equal([opening.id, later.id]);
      expect(await page.getByTestId(`card-${opening.id}`).getAttribute('data-status')).to.equal('OPEN_SOON_5M');
      await markDocument(page);
      await watchStatuses(page);
      await saveEvidence(page, 'find-filter-flip', '1-opening-soon');

      await sleep(Math.max(0, openAt - 500 - Date.now()));
      expect(await shownIds(page), 'half a second before the instant').to.include(opening.id);
      const left = await waitForIds(page, [later.id], openAt + 3_000 - Date.now());
      const leftAt = Date.now();
      expect(left, 'opening soon, after the flip').to.deep.equal([later.id]);
      expect(leftAt - openAt, 'left the view within 3 s of its instant').to.be.below(3_000);
      console.log(`      the opened sale left "opening soon" ${leftAt - openAt} ms after its instant`);
      const before = (await statusChanges(page)).filter((change) => change.id === `card-${opening.id}` && change.value === 'OPEN' && change.at < openAt);
      expect(before, 'never shown open before its instant').to.have.length(0);
      await saveEvidence(page, 'find-filter-flip', '2-after-flip');

      // By role and name: the classes are a labelled radio group in the search form.
      await page.getByRole('search', { name: 'Find a concert' }).getByRole('radio', { name: 'Bookable' }).check();
      await waitForView(page, '?q=flipcase&show=bookable');
      expect(await shownIds(page), 'bookable').to.deep.equal([open.id, opening.id]);
      expect(await page.getByTestId(`card-${opening.id}`).getAttribute('data-status')).to.equal('OPEN');
      expect(await page.getByTestId(`reserve-${opening.id}`).isEnabled()).to.equal(true);
      expect(await pageSearch(page)).to.equal('?q=flipcase&show=bookable');
      await saveEvidence(page, 'find-filter-flip', '3-bookable');

      await page.getByRole('radio', { name: 'Other' }).check();
      await waitForView(page, '?q=flipcase&show=other');
      expect(await shownIds(page), 'other').to.deep.equal([unscheduled.id]);
      expect(await sameDocument(page), 'no reload').to.equal(true);
    } finally {
      await shown.close();
    }
  });

  it('the URL keeps the view: reload, a shared link and the back button show the same cards', async function () {
    const titles = ['Urlcase Echo', 'Urlcase Alpha', 'Urlcase Delta', 'Urlcase Bravo', 'Urlcase Charlie'];
    const ids = new Map<string, number>();
    for (const [index, title] of titles.entries()) {
      const card = await createConcert(service.baseUrl, { title, artistName: 'Url Case', totalSeatCount: 30, generalSaleStartAt: at((index + 2) * HOUR_MS) });
      ids.set(title, card.id);
    }
    const id = (suffix: string) => ids.get(`Urlcase ${suffix}`)!;
    const first = '?q=urlcase&sort=title&size=2';
    const second = '?q=urlcase&sort=title&page=2&size=2';
    const shown = await openCardPage(browser, `${service.baseUrl}/${first}`);
    const { page } = shown;
    try {
      await waitForView(page, first);
      expect(await shownIds(page), 'page 1 by title').to.deep.equal([id('Alpha'), id('Bravo')]);
      expect(await page.getByTestId('page-position').textContent()).to.equal('Page 1 of 3');

      await page.getByTestId('page-next').click();
      await waitForView(page, second);
      expect(await shownIds(page), 'page 2 by title').to.deep.equal([id('Charlie'), id('Delta')]);
      expect(await pageSearch(page)).to.equal(second);

      await page.reload();
      await waitForView(page, second);
      expect(await shownIds(page), 'after reload').to.deep.equal([id('Charlie'), id('Delta')]);
      expect(await page.getByLabel('Search').inputValue(), 'search box after reload').to.equal('urlcase');
      expect(await page.getByLabel('Sort by').inputValue(), 'sort after reload').to.equal('title');
      expect(await page.getByTestId('show-all').isChecked(), 'class after reload').to.equal(true);
      expect(await page.getByTestId('page-position').textContent()).to.equal('Page 2 of 3');
      await saveEvidence(page, 'find-url-state', 'reloaded');

      const shared = await openCardPage(browser, `${service.baseUrl}/${second}`);
      try {
        await waitForView(shared.page, second);
        expect(await shownIds(shared.page), 'a shared link in another browser context').to.deep.equal([id('Charlie'), id('Delta')]);
      } finally {
        await shared.close();
      }

      await page.goBack();
      await waitForView(page, first);
      expect(await shownIds(page), 'back: page 1 again').to.deep.equal([id('Alpha'), id('Bravo')]);
      expect(await page.getByTestId('page-position').textContent()).to.equal('Page 1 of 3');

      // The sort control: by sale start (the default, so it leaves the URL), from page 1.
      await page.getByLabel('Sort by').selectOption('sale');
      await waitForView(page, '?q=urlcase&size=2');
      expect(await shownIds(page), 'page 1 by sale start').to.deep.equal([id('Echo'), id('Alpha')]);
      expect(await pageSearch(page)).to.equal('?q=urlcase&size=2');

      // A link past the last page shows the last page, and says so in the URL.
      const beyond = await openCardPage(browser, `${service.baseUrl}/?q=urlcase&sort=title&page=9&size=2`);
      try {
        await waitForView(beyond.page, '?q=urlcase&sort=title&page=3&size=2');
        expect(await shownIds(beyond.page), 'page 9 of 3 is page 3').to.deep.equal([id('Echo')]);
        expect(await pageSearch(beyond.page)).to.equal('?q=urlcase&sort=title&page=3&size=2');
        expect(await beyond.page.getByTestId('page-next').isDisabled(), 'no next page').to.equal(true);
      } finally {
        await beyond.close();
      }
    } finally {
      await shown.close();
    }
  });
});
