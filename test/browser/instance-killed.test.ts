// The instance holding the page's socket dies (SIGKILL, no goodbye). The page must say so, fall
// back to polling after a few seconds, reconnect to the replacement started at the same address
// on the same database, catch up on what changed meanwhile, stop polling again, and end showing
// exactly what a freshly opened page shows.

import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { freePort } from '../support/loopback.js';
import { createConcert, spawnServiceProcess, type ServiceProcess } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { launchBrowser } from './support/browser.js';
import {
  connectionChanges,
  connectionState,
  eventually,
  openCardPage,
  saveEvidence,
  shownCards,
  sleep,
  watchConnection,
  type CardPage,
} from './support/card-page.js';

const SEARCH = '/api/concerts/search';
const FALLBACK_AFTER_MS = 3_000;

describe('service-card page in a browser: the socket instance is killed and replaced', function () {
  this.timeout(90_000);
  let database: TestDatabase;
  let browser: Browser;
  const instances: ServiceProcess[] = [];
  const pages: CardPage[] = [];

  before(async () => {
    [database, browser] = await Promise.all([createTestDatabase(), launchBrowser()]);
  });

  after(async () => {
    for (const shown of pages) await shown.close().catch(() => undefined);
    await browser?.close();
    for (const instance of instances) {
      instance.kill('SIGKILL');
      await instance.exited;
    }
    await database?.drop();
  });

  it('shows the disconnected state, polls, reconnects, and ends with the same cards as a fresh page', async function () {
    const port = await freePort();
    const env = { DATABASE_URL: database.url, REALTIME_MODE: 'websocket', HYBRID_POLL_INTERVAL_MS: '2000' };
    const first = await spawnServiceProcess('browser-a', { ...env, PORT: String(port) });
    instances.push(first);
    const open = await createConcert(first.baseUrl, {
      title: 'Still Standing',
      artistName: 'The Survivors',
      totalSeatCount: 300,
      generalSaleStartAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await createConcert(first.baseUrl, {
      title: 'Later This Week',
      artistName: 'Patience',
      totalSeatCount: 150,
      generalSaleStartAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });

    const shown = await openCardPage(browser, first.baseUrl);
    pages.push(shown);
    const { page, network } = shown;
    expect(await eventually(async () => (await connectionState(page)) === 'connected', 5_000)).to.equal(true);
    await watchConnection(page);

    const killedAt = Date.now();
    first.kill('SIGKILL');
    await first.exited;
    expect(await eventually(async () => (await connectionState(page)) !== 'connected', 2_000), 'page notices the loss').to.equal(true);
    // After FALLBACK_AFTER_MS without a socket the page polls (and finds nobody there).
    expect(
      await eventually(() => network.requestsTo(SEARCH, killedAt + FALLBACK_AFTER_MS).length > 0, FALLBACK_AFTER_MS + 2_000),
      'fallback snapshot requests while the socket is down',
    ).to.equal(true);
    await sleep(1_000);
    const downState = await connectionState(page);
    expect(downState, 'header state while the instance is gone').to.be.oneOf(['polling', 'offline']);
    await saveEvidence(page, 'instance-killed', '1-instance-gone');

    const second = await spawnServiceProcess('browser-b', { ...env, PORT: String(port) });
    instances.push(second);
    const replacedAt = Date.now();
    // Changes the page has not seen: seats taken and a new concert.
    const reserved = await fetch(`${second.baseUrl}/api/concerts/${open.id}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ quantity: 7 }),
    });
    expect(reserved.status).to.equal(201);
    const added = await createConcert(second.baseUrl, {
      title: 'Back Online',
      artistName: 'The Reconnects',
      totalSeatCount: 90,
      generalSaleStartAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });

    expect(await eventually(async () => (await connectionState(page)) === 'connected', 15_000), 'page reconnects').to.equal(true);
    const reconnectedAt = Date.now();
    expect(
      await eventually(async () => (await page.getByTestId(`card-${added.id}`).count()) === 1, 5_000),
      'the concert created while away is shown',
    ).to.equal(true);
    // Back on the socket: polling stops.
    await sleep(5_000);
    expect(network.requestsTo(SEARCH, reconnectedAt + 1_000), 'snapshot requests once reconnected').to.have.length(0);

    const states = (await connectionChanges(page)).map((change) => change.value);
    expect(states[0]).to.equal('connected');
    expect(states).to.include('reconnecting');
    expect(states.some((state) => state === 'polling' || state === 'offline'), `states ${states.join(' → ')}`).to.equal(true);
    expect(states[states.length - 1]).to.equal('connected');

    const fresh = await openCardPage(browser, second.baseUrl);
    pages.push(fresh);
    const [after, expected] = await Promise.all([shownCards(page), shownCards(fresh.page)]);
    expect(after).to.deep.equal(expected);
    expect(after.find((card) => card.id === `card-${open.id}`)?.seats).to.equal('293 of 300');

    // And both agree with the server's own snapshot, version by version.
    const snapshot = (await (await fetch(`${second.baseUrl}${SEARCH}?size=100&sort=id,asc`)).json()) as {
      items: { id: number; saleStatus: string; availableSeatCount: number; version: number }[];
    };
    expect(after.map((card) => card.id).sort()).to.deep.equal(snapshot.items.map((card) => `card-${card.id}`).sort());
    for (const card of snapshot.items) {
      const shown = after.find((shownCard) => shownCard.id === `card-${card.id}`);
      expect(shown?.status).to.equal(card.saleStatus);
      expect(shown?.version, `card ${card.id} version`).to.equal(String(card.version));
    }
    await saveEvidence(page, 'instance-killed', '2-reconnected');
    await network.save('instance-killed');
    console.log(
      `      down ${replacedAt - killedAt} ms until the replacement was ready; page reconnected ${reconnectedAt - replacedAt} ms later; states ${states.join(' → ')}`,
    );
  });
});
