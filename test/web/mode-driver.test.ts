import { expect } from 'chai';
import type { RealtimeMode } from '../../src/contract/wire.js';
import { ModeDriver, type LiveChannels } from '../../packages/live-cards-client/src/mode-driver.js';
import { FakeTimers, settle } from './support/fake-timers.js';

/** Records what the driver asks of the consumer; resync succeeds unless told otherwise. */
class RecordingChannels implements LiveChannels {
  opened = 0;
  closed = 0;
  resyncs: number[] = [];
  failResync = false;

  constructor(private readonly timers: FakeTimers) {}

  openSocket(): void {
    this.opened += 1;
  }
  closeSocket(): void {
    this.closed += 1;
  }
  resync(): Promise<unknown> {
    this.resyncs.push(this.timers.now);
    return this.failResync ? Promise.reject(new Error('network down')) : Promise.resolve();
  }
}

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0, 0);

function settings(realtimeMode: RealtimeMode, hybridPollIntervalMillis = 2_000) {
  return { realtimeMode, hybridPollIntervalMillis };
}

function setUp(options: { cards?: { saleOpensAt: string | null }[]; random?: number } = {}) {
  const timers = new FakeTimers(T0);
  const channels = new RecordingChannels(timers);
  let cards = options.cards ?? [];
  const driver = new ModeDriver({
    channels,
    timers,
    serverNow: () => timers.now,
    cards: () => cards,
    random: () => options.random ?? 0,
  });
  return { timers, channels, driver, setCards: (next: typeof cards) => (cards = next) };
}

describe('mode driver', () => {
  describe('websocket mode', () => {
    it('opens the socket and polls nothing while it is connected', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket'));
      driver.socketUp();
      await timers.advance(60_000);
      expect(channels.opened).to.equal(1);
      expect(channels.resyncs).to.deep.equal([]);
      expect(driver.state().connection).to.equal('connected');
    });

    it('shows reconnecting while the socket has been down under 3 s, without polling', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket'));
      driver.socketUp();
      driver.socketDown();
      await timers.advance(2_999);
      expect(channels.resyncs).to.deep.equal([]);
      expect(driver.state().connection).to.equal('reconnecting');
    });

    it('falls back to polling at the hybrid interval after 3 s down, then resyncs once and stops when back', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket', 2_000));
      driver.socketUp();
      driver.socketDown();
      await timers.advance(3_000);
      expect(driver.state()).to.include({ connection: 'polling', fallbackPolling: true });
      await timers.advance(4_000);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([3_000, 5_000, 7_000]);

      driver.socketUp();
      await settle();
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([3_000, 5_000, 7_000, 7_000]);
      await timers.advance(30_000);
      expect(channels.resyncs).to.have.length(4);
      expect(driver.state()).to.include({ connection: 'connected', fallbackPolling: false });
    });

    it('falls back when the socket never connects at all', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket', 2_000));
      await timers.advance(3_000);
      expect(channels.resyncs).to.have.length(1);
    });

    it('does not resync on the first connection (the snapshot was just taken)', async () => {
      const { channels, driver } = setUp();
      driver.start(settings('websocket'));
      driver.socketUp();
      await settle();
      expect(channels.resyncs).to.deep.equal([]);
    });

    it('resyncs after a short outage that ended before the fallback began', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket'));
      driver.socketUp();
      driver.socketDown();
      await timers.advance(1_000);
      driver.socketUp();
      await settle();
      expect(channels.resyncs).to.have.length(1);
      await timers.advance(10_000);
      expect(channels.resyncs).to.have.length(1);
    });

    it('shows offline when the fallback poll fails, and polling again when it succeeds', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket', 2_000));
      driver.socketUp();
      driver.socketDown();
      channels.failResync = true;
      await timers.advance(3_000);
      expect(driver.state().connection).to.equal('offline');
      channels.failResync = false;
      await timers.advance(2_000);
      expect(driver.state().connection).to.equal('polling');
    });
  });

  describe('hybrid mode', () => {
    it('keeps the socket and re-reads the snapshot every interval', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('hybrid', 2_000));
      driver.socketUp();
      await timers.advance(6_500);
      expect(channels.opened).to.equal(1);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([2_000, 4_000, 6_000]);
    });

    it('follows a new interval at once', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('hybrid', 10_000));
      driver.socketUp();
      await timers.advance(1_000);
      driver.applySettings(settings('hybrid', 500));
      await timers.advance(1_000);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([1_500, 2_000]);
    });
  });

  describe('polling mode', () => {
    it('never opens a socket and polls every interval', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('polling', 2_000));
      await timers.advance(6_000);
      expect(channels.opened).to.equal(0);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([2_000, 4_000, 6_000]);
      expect(driver.state().connection).to.equal('polling');
    });
  });

  describe('live mode switches', () => {
    it('websocket → polling closes the socket and starts polling', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('websocket', 2_000));
      driver.socketUp();
      driver.applySettings(settings('polling', 2_000));
      expect(channels.closed).to.equal(1);
      expect(driver.state()).to.include({ mode: 'polling', connection: 'polling', socketOpen: false });
      await timers.advance(4_000);
      expect(channels.resyncs).to.have.length(2);
    });

    it('a stray connect event after closing the socket does not count as connected', () => {
      const { driver } = setUp();
      driver.start(settings('polling'));
      driver.socketUp();
      expect(driver.state().connection).to.equal('polling');
    });

    it('polling → hybrid opens the socket, resyncs once connected and keeps the interval', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('polling', 2_000));
      await timers.advance(1_000);
      driver.applySettings(settings('hybrid', 2_000));
      expect(channels.opened).to.equal(1);
      driver.socketUp();
      await settle();
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([1_000]);
      await timers.advance(1_000);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([1_000, 2_000]);
    });

    it('hybrid → websocket stops the periodic snapshot', async () => {
      const { timers, channels, driver } = setUp();
      driver.start(settings('hybrid', 2_000));
      driver.socketUp();
      await timers.advance(2_000);
      driver.applySettings(settings('websocket', 2_000));
      await timers.advance(20_000);
      expect(channels.resyncs).to.have.length(1);
    });

    it('tells listeners about each change', () => {
      const { driver } = setUp();
      const seen: string[] = [];
      driver.onChange((state) => seen.push(`${state.mode}/${state.connection}`));
      driver.start(settings('websocket'));
      driver.socketUp();
      driver.applySettings(settings('polling'));
      expect(seen).to.deep.equal(['websocket/reconnecting', 'websocket/connected', 'polling/polling']);
    });
  });

  describe('fetch after a time boundary', () => {
    const openAt = T0 + 10_000;
    const card = { saleOpensAt: new Date(openAt).toISOString() };

    it('in polling mode fetches once just after the next boundary, with the jitter added', async () => {
      const { timers, channels, driver } = setUp({ cards: [card], random: 0.5 });
      driver.start(settings('polling', 60_000));
      await timers.advance(9_999);
      expect(channels.resyncs).to.deep.equal([]);
      await timers.advance(1_000);
      expect(channels.resyncs.map((at) => at - openAt)).to.deep.equal([150]);
    });

    it('draws the jitter between 50 and 250 ms', async () => {
      for (const [random, expected] of [
        [0, 50],
        [0.999, 250],
      ] as const) {
        const { timers, channels, driver } = setUp({ cards: [card], random });
        driver.start(settings('hybrid', 60_000));
        driver.socketUp();
        await timers.advance(11_000);
        expect(channels.resyncs.map((at) => at - openAt)).to.deep.equal([expected]);
      }
    });

    it('aims at the earliest boundary of all visible cards (openAt-1h, openAt-5m, openAt)', async () => {
      const later = { saleOpensAt: new Date(T0 + 3_600_000 + 20_000).toISOString() };
      const soon = { saleOpensAt: new Date(T0 + 300_000 + 7_000).toISOString() };
      const { timers, channels, driver } = setUp({ cards: [later, soon], random: 0 });
      driver.start(settings('polling', 600_000));
      await timers.advance(8_000);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([7_050]);
    });

    it('moves on to the following boundary after fetching', async () => {
      const { timers, channels, driver } = setUp({ cards: [{ saleOpensAt: new Date(T0 + 300_000 + 1_000).toISOString() }], random: 0 });
      driver.start(settings('polling', 3_600_000));
      await timers.advance(302_000);
      expect(channels.resyncs.map((at) => at - T0)).to.deep.equal([1_050, 301_050]);
    });

    it('is not used in websocket mode while the socket is up (the push announces boundaries)', async () => {
      const { timers, channels, driver } = setUp({ cards: [card] });
      driver.start(settings('websocket'));
      driver.socketUp();
      await timers.advance(20_000);
      expect(channels.resyncs).to.deep.equal([]);
    });

    it('re-plans when the cards change', async () => {
      const { timers, channels, driver, setCards } = setUp({ cards: [], random: 0 });
      driver.start(settings('polling', 600_000));
      setCards([card]);
      driver.cardsChanged();
      await timers.advance(11_000);
      expect(channels.resyncs.map((at) => at - openAt)).to.deep.equal([50]);
    });

    it('ignores cards without a sale start or with all boundaries passed', async () => {
      const { timers, channels, driver } = setUp({
        cards: [{ saleOpensAt: null }, { saleOpensAt: new Date(T0 - 1_000).toISOString() }],
      });
      driver.start(settings('polling', 600_000));
      await timers.advance(60_000);
      expect(channels.resyncs).to.deep.equal([]);
    });
  });

  it('stop() cancels every timer and closes the socket', async () => {
    const { timers, channels, driver } = setUp();
    driver.start(settings('hybrid', 1_000));
    driver.stop();
    expect(channels.closed).to.equal(1);
    await timers.advance(10_000);
    expect(channels.resyncs).to.deep.equal([]);
  });
});
