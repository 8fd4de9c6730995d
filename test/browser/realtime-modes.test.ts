// The three realtime modes seen from the network tab of a real Chromium (CONTRACT.md "Realtime
// modes"): websocket = one snapshot then the socket only; hybrid = socket plus a snapshot every
// interval; polling = no socket at all, snapshots at the interval only (flips come announced).
// And a live admin switch between them is followed by the open page without reload. Each test
// leaves a screenshot and the page's network log (requests and socket frames, with times) under
// artifacts/<mode>/.

import { expect } from 'chai';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { launchBrowser, type NetworkEntry } from './support/browser.js';
import {
  connectionChanges,
  connectionState,
  eventually,
  gapsBetween,
  openCardPage,
  saveEvidence,
  shownMode,
  sleep,
  statusChanges,
  switchRealtimeMode,
  waitForOpen,
  watchConnection,
  watchStatuses,
} from './support/card-page.js';

const SEARCH = '/api/concerts/search';
const INTERVAL_MS = 2_000;
/** How far a periodic snapshot may drift from the interval (timer slack plus the request itself). */
const INTERVAL_SLACK_MS = 400;

function expectPeriodic(requests: readonly NetworkEntry[], what: string): void {
  const gaps = gapsBetween(requests);
  expect(gaps.length, `${what}: number of gaps`).to.be.at.least(2);
  for (const gap of gaps) expect(gap, `${what}: gaps ${gaps.join(', ')} ms`).to.be.within(INTERVAL_MS - INTERVAL_SLACK_MS, INTERVAL_MS + INTERVAL_SLACK_MS);
}

describe('service-card page in a browser: realtime modes on the wire', function () {
  this.timeout(60_000);
  let service: InProcessService;
  let browser: Browser;

  before(async () => {
    [service, browser] = await Promise.all([startTestService(), launchBrowser()]);
    const inAWeek = Date.now() + 7 * 86_400_000;
    for (const [index, title] of ['Harbour Lights', 'Night Shift Orchestra', 'Static & Signal'].entries()) {
      await createConcert(service.baseUrl, {
        title,
        artistName: `Artist ${index + 1}`,
        entertainmentName: 'Northwind Agency',
        totalSeatCount: 200 + index * 100,
        generalSaleStartAt: new Date(inAWeek + index * 3_600_000).toISOString(),
      });
    }
  });

  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('websocket: one snapshot, then 20 s on the socket alone, with no further snapshot requests', async function () {
    await switchRealtimeMode(service.baseUrl, 'websocket', INTERVAL_MS);
    const shown = await openCardPage(browser, service.baseUrl);
    const { page, network } = shown;
    try {
      await eventually(async () => (await connectionState(page)) === 'connected', 5_000);
      await watchConnection(page);
      await watchStatuses(page);
      const windowStart = Date.now();

      // Live changes during the window arrive as socket frames: a new concert, then its sale opening.
      await sleep(3_000);
      const opening = await createConcert(service.baseUrl, {
        title: 'Socket Only Session',
        artistName: 'The Pushers',
        totalSeatCount: 80,
        generalSaleStartAt: new Date(Date.now() + 6_000).toISOString(),
      });
      await sleep(20_000 - (Date.now() - windowStart));

      expect(network.requestsTo(SEARCH).length, 'snapshot requests over the page lifetime').to.equal(1);
      expect(network.requestsTo(SEARCH, windowStart), 'snapshot requests during the 20 s').to.have.length(0);
      expect(network.websocketsOpened(), 'sockets opened').to.have.length(1);
      expect(network.all().filter((entry) => entry.kind === 'websocket-closed' || entry.kind === 'requestfailed')).to.have.length(0);
      expect((await connectionChanges(page)).map((change) => change.value), 'connection states during the window').to.deep.equal(['connected']);
      expect(network.framesReceived('CONCERTS_REFRESH', windowStart).length, 'refresh frames').to.be.at.least(2);
      expect(network.framesReceived('SALE_STATUS_TRANSITION', windowStart).length, 'transition frames').to.be.at.least(1);
      expect(network.framesReceived('CONCERTS_HEARTBEAT', windowStart).length, 'heartbeat frames').to.be.at.least(1);
      const flipped = (await statusChanges(page)).some((change) => change.id === `card-${opening.id}` && change.value === 'OPEN');
      expect(flipped, 'the new card appeared and opened from socket frames alone').to.equal(true);
      expect(await shownMode(page)).to.equal('websocket');

      await saveEvidence(page, 'mode-websocket', 'page');
    } finally {
      await network.save('mode-websocket');
      await shown.close();
    }
  });

  it('hybrid with a 2 s interval: the socket stays up and the snapshot is re-read every ~2 s', async function () {
    await switchRealtimeMode(service.baseUrl, 'hybrid', INTERVAL_MS);
    const shown = await openCardPage(browser, service.baseUrl);
    const { page, network } = shown;
    try {
      await sleep(9_000);
      const snapshots = network.requestsTo(SEARCH);
      expect(snapshots.length, 'snapshots in ~9 s').to.be.within(4, 6);
      expectPeriodic(snapshots.slice(1), 'hybrid polls');
      expect(snapshots[1]!.at - snapshots[0]!.at).to.be.within(INTERVAL_MS - INTERVAL_SLACK_MS, INTERVAL_MS + INTERVAL_SLACK_MS);
      expect(network.websocketsOpened(), 'sockets opened').to.have.length(1);
      expect(await connectionState(page)).to.equal('connected');
      expect(await shownMode(page)).to.equal('hybrid');
      await saveEvidence(page, 'mode-hybrid', 'page');
    } finally {
      await network.save('mode-hybrid');
      await shown.close();
    }
  });

  it('polling: no /socket.io request at all, snapshots at the interval, and the card still flips at its boundary', async function () {
    await switchRealtimeMode(service.baseUrl, 'polling', INTERVAL_MS);
    const openAt = Date.now() + 5_000;
    const card = await createConcert(service.baseUrl, {
      title: 'Polled Premiere',
      artistName: 'The Intervals',
      totalSeatCount: 60,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    const shown = await openCardPage(browser, service.baseUrl);
    const { page, network } = shown;
    try {
      await watchStatuses(page);
      const flip = await waitForOpen(page, card.id);
      await sleep(Math.max(0, openAt + 4_500 - Date.now()));

      expect(network.requestsTo('/socket.io'), 'Socket.IO requests').to.have.length(0);
      expect(network.websocketsOpened(), 'sockets opened').to.have.length(0);
      expect(flip.at - openAt, 'flip delay after openAt, ms').to.be.within(0, 1_000);
      expect(await page.getByTestId(`reserve-${card.id}`).isEnabled()).to.equal(true);

      // Periodic snapshots only: the card flipped on its announcement (nextChange), with no fetch at
      // the boundary (a boundary fetch would break the regular series).
      const snapshots = network.requestsTo(SEARCH);
      expectPeriodic(snapshots.slice(1), 'polling snapshots');
      expect(await connectionState(page)).to.equal('polling');
      expect(await shownMode(page)).to.equal('polling');
      await saveEvidence(page, 'mode-polling', 'page');
    } finally {
      await network.save('mode-polling');
      await shown.close();
    }
  });

  it('polling: a snapshot read after a boundary flips the card even while the boundary event is still unpublished', async function () {
    // Between a boundary and its publication, a snapshot already shows the new status at the old
    // card version (DOMAIN.md "Card version"). Clearing the stored boundary holds that window open:
    // no wake-up or reconcile run publishes this card, so only the snapshot can flip it.
    await switchRealtimeMode(service.baseUrl, 'polling', INTERVAL_MS);
    const openAt = Date.now() + 4_000;
    const card = await createConcert(service.baseUrl, {
      title: 'Unannounced Opening',
      artistName: 'The Quiet Ones',
      totalSeatCount: 40,
      generalSaleStartAt: new Date(openAt).toISOString(),
    });
    const database = new pg.Client({ connectionString: service.database.url });
    await database.connect();
    try {
      await database.query('update concert_card_state set next_boundary_at = null where concert_id = $1', [card.id]);
    } finally {
      await database.end();
    }
    const shown = await openCardPage(browser, service.baseUrl);
    const { page } = shown;
    try {
      await watchStatuses(page);
      const flip = await waitForOpen(page, card.id);
      expect(flip.at - openAt, 'flip delay after openAt, ms').to.be.within(0, 1_000);
      expect(await page.getByTestId(`card-${card.id}`).getAttribute('data-version'), 'still the version created').to.equal(String(card.version));
      expect(await page.getByTestId(`reserve-${card.id}`).isEnabled()).to.equal(true);
    } finally {
      await shown.close();
    }
  });

  it('follows admin switches websocket → polling → hybrid while the page stays open', async function () {
    await switchRealtimeMode(service.baseUrl, 'websocket', INTERVAL_MS);
    const shown = await openCardPage(browser, service.baseUrl);
    const { page, network } = shown;
    try {
      await page.evaluate(() => Object.defineProperty(globalThis, '__sameDocument', { value: true }));
      await eventually(async () => (await connectionState(page)) === 'connected', 5_000);
      await sleep(5_000);
      expect(network.requestsTo(SEARCH), 'websocket phase: snapshots').to.have.length(1);
      expect(network.websocketsOpened()).to.have.length(1);
      await saveEvidence(page, 'mode-switch', '1-websocket');

      const toPolling = Date.now();
      await switchRealtimeMode(service.baseUrl, 'polling', INTERVAL_MS);
      expect(await eventually(async () => (await shownMode(page)) === 'polling', 2_000), 'page shows polling').to.equal(true);
      const closedEntries = () => network.all().filter((entry) => entry.kind === 'websocket-closed' && entry.at >= toPolling);
      expect(await eventually(() => closedEntries().length > 0, 2_000), 'socket closed after the switch to polling').to.equal(true);
      const closed = closedEntries();
      expect(closed.length).to.equal(1);
      expect(closed[0]!.at - toPolling, 'socket closed within').to.be.below(1_000);
      await sleep(7_000);
      const pollingSnapshots = network.requestsTo(SEARCH, toPolling);
      expect(pollingSnapshots.length, 'polling phase: snapshots in ~7 s').to.be.within(3, 4);
      expectPeriodic(pollingSnapshots, 'polling phase');
      expect(network.websocketsOpened(toPolling), 'polling phase: sockets').to.have.length(0);
      expect(await connectionState(page)).to.equal('polling');
      await saveEvidence(page, 'mode-switch', '2-polling');

      const toHybrid = Date.now();
      await switchRealtimeMode(service.baseUrl, 'hybrid', INTERVAL_MS);
      // Polling pages have no socket to be told on: they learn the new mode from their next snapshot.
      expect(await eventually(async () => (await connectionState(page)) === 'connected', INTERVAL_MS + 3_000), 'socket back in hybrid').to.equal(true);
      const learnedAt = Date.now();
      expect(learnedAt - toHybrid, 'hybrid learned within one interval (+ connect)').to.be.below(INTERVAL_MS + 1_500);
      await sleep(7_000);
      expect(network.websocketsOpened(toHybrid), 'hybrid phase: sockets').to.have.length(1);
      const hybridSnapshots = network.requestsTo(SEARCH, learnedAt);
      expect(hybridSnapshots.length, 'hybrid phase: snapshots in 7 s').to.be.within(3, 5);
      expect(Math.max(...gapsBetween(hybridSnapshots))).to.be.at.most(INTERVAL_MS + INTERVAL_SLACK_MS);
      expect(await shownMode(page)).to.equal('hybrid');
      expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument), 'no reload').to.equal(true);
      await saveEvidence(page, 'mode-switch', '3-hybrid');
    } finally {
      await network.save('mode-switch');
      await shown.close();
    }
  });
});
