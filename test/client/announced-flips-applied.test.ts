// The client applies each card's announced change (`nextChange`) on its own, at the server's
// instant plus the estimate's uncertainty (DOMAIN.md "Announced flips"): no message and no request
// at the boundary, never early, never on the raw local clock, and never back to an earlier status.

import { expect } from 'chai';
import type { CardJson } from '../../src/contract/wire.js';
import { FlipSchedule } from '../../packages/live-cards-client/src/flip-schedule.js';
import { LiveCardsClient, type LiveCardsClientOptions } from '../../packages/live-cards-client/src/live-cards-client.js';
import { startLiveSession } from '../../packages/live-cards-client/src/live-session.js';
import type { ModeDriver } from '../../packages/live-cards-client/src/mode-driver.js';
import { eventually, sleep } from '../realtime/gateway-harness.js';
import { aCard } from '../realtime/live-event-builder.js';
import { FakeTimers } from '../web/support/fake-timers.js';
import { startFakeLiveServer, type FakeLiveServer } from './fake-live-server.js';

const SKEW_MS = -7 * 60_000; // the local clock runs 7 minutes behind the server's

/** OPEN_SOON_5M at `version`, announcing OPEN (buttons on) at `atEpochMs`. */
function opening(id: number, version: number, atEpochMs: number): CardJson {
  return aCard({
    id,
    version,
    saleStatus: 'OPEN_SOON_5M',
    saleOpensAt: new Date(atEpochMs).toISOString(),
    reservationButtonVisible: false,
    reservationButtonEnabled: false,
    nextChange: { at: new Date(atEpochMs).toISOString(), atEpochMs, saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true },
  });
}

describe('Announced flips applied by the client', () => {
  let server: FakeLiveServer;
  const clients: LiveCardsClient[] = [];
  const drivers: ModeDriver[] = [];

  const startClient = async (options: Partial<LiveCardsClientOptions> = {}) => {
    const client = new LiveCardsClient({ baseUrl: server.url, localNow: () => Date.now() + SKEW_MS, ...options });
    clients.push(client);
    await client.start();
    return client;
  };

  /** The true (server) instant at which the client first showed card 1 with `status`. */
  const firstShown = (client: LiveCardsClient, status: string) =>
    new Promise<number>((resolve) => {
      const check = () => {
        if (client.cards().get(1)?.saleStatus === status) resolve(Date.now());
      };
      client.on('flip', check);
      client.on('refresh', check);
    });

  afterEach(async () => {
    for (const driver of drivers.splice(0)) driver.stop();
    for (const client of clients.splice(0)) client.close();
    await server.stop();
  });

  it('shows OPEN at the server instant with no message, never before it, though the local clock is 7 minutes off', async () => {
    const at = Date.now() + 600;
    server = await startFakeLiveServer({ seq: 10, items: [opening(1, 5, at)] });
    const client = await startClient();
    expect(client.cards().get(1)?.saleStatus).to.equal('OPEN_SOON_5M');
    const shownAt = await firstShown(client, 'OPEN');
    expect(shownAt, 'not before the instant').to.be.at.least(at);
    expect(shownAt - at, 'within a few ms of it (loopback round trip)').to.be.below(60);
    expect(client.cards().get(1)).to.include({ saleStatus: 'OPEN', reservationButtonEnabled: true, version: 5, nextChange: null });
    expect(client.stats()).to.include({ eventsReceived: 0, flips: 1 });
    expect(server.snapshotRequests).to.have.length(1);
  });

  it('in polling mode (60 s interval) flips at the instant with no request at the boundary', async () => {
    const at = Date.now() + 800;
    server = await startFakeLiveServer({ seq: 10, items: [opening(1, 5, at)], settings: { realtimeMode: 'polling', hybridPollIntervalMillis: 60_000 } });
    const client = new LiveCardsClient({ baseUrl: server.url, localNow: () => Date.now() + SKEW_MS, manualSocket: true });
    clients.push(client);
    const shown = firstShown(client, 'OPEN');
    drivers.push(await startLiveSession(client));
    await eventually(() => client.stats().clockSyncs === 1);
    const shownAt = await shown;
    expect(shownAt).to.be.at.least(at);
    expect(shownAt - at).to.be.below(60);
    await sleep(400);
    expect(server.snapshotRequests, 'the first snapshot only').to.have.length(1);
    expect(server.connectedSockets()).to.equal(0);
  });

  it('without a clock estimate (no time:sync answer) never flips on the local clock, and waits for the push', async () => {
    const at = Date.now() + 200;
    server = await startFakeLiveServer({ seq: 10, items: [opening(1, 5, at)] });
    // Even with an exact local clock: no round trip answered, so no announcement is applied.
    const client = await startClient({ localNow: () => Date.now(), timeSyncSamples: 0 });
    await sleep(500);
    expect(client.cards().get(1)?.saleStatus).to.equal('OPEN_SOON_5M');
    server.refresh({ seq: 11, reason: 'SALE_STATUS_TRANSITION', items: [{ ...opening(1, 6, at), saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true, nextChange: null }] });
    await eventually(() => client.cards().get(1)?.saleStatus === 'OPEN');
    expect(client.stats().flips).to.equal(0);
  });

  it('keeps an applied flip when a newer event computed before the boundary arrives after it, and takes a moved sale start', async () => {
    const at = Date.now() + 300;
    server = await startFakeLiveServer({ seq: 10, items: [opening(1, 5, at)] });
    const client = await startClient();
    await firstShown(client, 'OPEN');
    // A last-second seat change, computed before the boundary, arriving after the flip was shown.
    server.refresh({ seq: 11, reason: 'INVENTORY_CHANGED', items: [{ ...opening(1, 6, at), availableSeatCount: 3 }] });
    await eventually(() => client.cards().get(1)?.version === 6);
    expect(client.cards().get(1)).to.include({ saleStatus: 'OPEN', availableSeatCount: 3, reservationButtonEnabled: true });
    // The boundary's own event confirms it.
    server.refresh({ seq: 12, reason: 'SALE_STATUS_TRANSITION', items: [{ ...opening(1, 7, at), saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true, nextChange: null }] });
    await eventually(() => client.cards().get(1)?.version === 7);
    expect(client.cards().get(1)?.saleStatus).to.equal('OPEN');
    // An edit that moves the sale start an hour on replaces what was announced.
    const later = Date.now() + 3_600_000;
    server.refresh({ seq: 13, reason: 'CONCERT_UPDATED', items: [{ ...opening(1, 8, later), saleStatus: 'OPEN_SOON_1H' }] });
    await eventually(() => client.cards().get(1)?.version === 8);
    expect(client.cards().get(1)?.saleStatus).to.equal('OPEN_SOON_1H');
  });

  describe('flip schedule', () => {
    it('wakes at at + half the round trip, keeps the shown objects until something is due, and stops without an estimate', async () => {
      const timers = new FakeTimers(1_000);
      let estimate: { offsetMs: number; roundTripMs: number } | null = { offsetMs: 0, roundTripMs: 100 };
      const flips: number[] = [];
      const schedule = new FlipSchedule({ localNow: () => timers.now, estimate: () => estimate, timers, onFlip: () => flips.push(timers.now) });
      const cards = new Map([[1, opening(1, 5, 2_000)], [2, { ...opening(2, 1, 9_000), nextChange: null }]]);
      schedule.plan(cards);
      expect(timers.waiting()).to.deep.equal([1_050]);
      const before = schedule.shown(cards);
      expect(schedule.shown(cards), 'same map while nothing is due').to.equal(before);
      await timers.advance(1_049);
      expect(flips).to.deep.equal([]);
      expect(schedule.shown(cards).get(1)?.saleStatus).to.equal('OPEN_SOON_5M');
      await timers.advance(1);
      expect(flips).to.deep.equal([2_050]);
      const after = schedule.shown(cards);
      expect(after.get(1)?.saleStatus).to.equal('OPEN');
      expect(after.get(2)).to.equal(cards.get(2));
      expect(schedule.shown(cards), 'the applied card keeps its identity').to.equal(after);
      estimate = null;
      schedule.plan(new Map([[3, opening(3, 1, 5_000)]]));
      expect(timers.waiting(), 'no estimate: no timer').to.deep.equal([]);
    });
  });
});
