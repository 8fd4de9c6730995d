// Announced flips on a polling page (issue 10, sections 1 and 3): every card says what it becomes
// at its next time boundary (`nextChange`), so a page polling only every 60 s still shows a sale
// opening at its instant, with no request at that moment, never before it; and the page's next
// regular poll confirms it (the card's next version). Requests are counted from Chromium's own
// request events; the evidence is under artifacts/announced-flip-polling/.

import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { launchBrowser } from './support/browser.js';
import { openCardPage, saveEvidence, statusChanges, switchRealtimeMode, waitForOpen, watchStatuses } from './support/card-page.js';
import { waitForView } from './support/finder-page.js';

const POLL_INTERVAL_MS = 60_000;
/** No request may be made from this long before the instant to this long after the flip shown. */
const QUIET_BEFORE_MS = 3_000;
const QUIET_AFTER_MS = 5_000;

describe('service-card page in a browser: announced flips without a boundary fetch', function () {
  this.timeout(120_000);
  let service: InProcessService;
  let browser: Browser;

  before(async () => {
    [service, browser] = await Promise.all([startTestService({ env: { DATABASE_POOL_SIZE: '3', AGENDA_POOL_SIZE: '3' } }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('polling every 60 s: the card flips at its instant with no request at the boundary, and the next poll confirms it', async function () {
    await switchRealtimeMode(service.baseUrl, 'polling', POLL_INTERVAL_MS);
    const openAt = Date.now() + 12_000;
    const card = await createConcert(service.baseUrl, {
      title: 'Announced Premiere',
      artistName: 'The Forecasters',
      totalSeatCount: 60,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    const shown = await openCardPage(browser, `${service.baseUrl}/?q=announced`);
    const { page, network } = shown;
    try {
      await waitForView(page, '?q=announced');
      expect(await page.getByTestId(`card-${card.id}`).getAttribute('data-status')).to.equal('OPEN_SOON_5M');
      await watchStatuses(page);
      const flip = await waitForOpen(page, card.id, openAt + 3_000 - Date.now());
      expect(flip.at - openAt, 'shown open after the instant by, ms (never before it)').to.be.within(0, 500);
      expect(await page.getByTestId(`reserve-${card.id}`).isEnabled(), 'reserve button enabled at the flip').to.equal(true);
      expect(await page.getByTestId(`highlight-${card.id}`).getAttribute('data-status'), 'its "opening soon" highlight agrees').to.equal('OPEN');
      expect(await page.getByTestId(`card-${card.id}`).getAttribute('data-version'), 'the announced change is provisional: still the version created').to.equal(String(card.version));
      await saveEvidence(page, 'announced-flip-polling', '1-flipped');

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, flip.at + QUIET_AFTER_MS - Date.now())));
      const around = network.all().filter((entry) => entry.kind === 'request' && entry.at >= openAt - QUIET_BEFORE_MS && entry.at <= flip.at + QUIET_AFTER_MS);
      expect(around.map((entry) => entry.url), `requests from ${QUIET_BEFORE_MS} ms before the instant to ${QUIET_AFTER_MS} ms after the flip`).to.deep.equal([]);
      expect(network.websocketsOpened(), 'sockets').to.have.length(0);
      expect(network.requestsTo('/api/concerts/search').length, 'snapshots so far: the first one only').to.equal(1);
      console.log(`      shown OPEN ${flip.at - openAt} ms after the instant; ${around.length} requests in the ${flip.at + QUIET_AFTER_MS - openAt + QUIET_BEFORE_MS} ms around it`);

      // The next regular poll (one interval after the first snapshot) reads the boundary's version.
      const first = network.requestsTo('/api/concerts/search')[0]!;
      await page.waitForSelector(`[data-testid="card-${card.id}"][data-version="${Number(card.version) + 1}"]`, { timeout: first.at + POLL_INTERVAL_MS + 5_000 - Date.now() });
      const polls = network.requestsTo('/api/concerts/search');
      expect(polls.length, 'snapshots at confirmation').to.equal(2);
      expect(polls[1]!.at - first.at, 'the confirming poll came at the interval, ms').to.be.within(POLL_INTERVAL_MS - 1_000, POLL_INTERVAL_MS + 2_000);
      const statuses = (await statusChanges(page)).filter((change) => change.id === `card-${card.id}`).map((change) => change.value);
      expect(statuses, 'statuses shown, in order').to.deep.equal(['OPEN_SOON_5M', 'OPEN']);
      expect(await page.getByTestId(`card-${card.id}`).getAttribute('data-status')).to.equal('OPEN');
      await saveEvidence(page, 'announced-flip-polling', '2-confirmed');
    } finally {
      await network.save('announced-flip-polling');
      await shown.close();
    }
  });
});
