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

function setUp(options: { random?: number } = {}) {
  const timers = new FakeTimers(T0);
  const channels = new RecordingChannels(timers);
  const driver = new ModeDriver({ channels, timers, random: () => options.random ?? 0 });
  return { timers, channels, driver };
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

  describe('time boundaries', () => {
    // Cards announce their next change (nextChange) and the client applies it on time: the
    // boundary herd of polling pages is gone (client test: "announced flips").
    it('in polling and hybrid mode reads only at the poll interval, never at a boundary', async () => {
      for (const mode of ['polling', 'hybrid'] as const) {
        const { timers, channels, driver } = setUp();
        driver.start(settings(mode, 60_000));
        if (mode === 'hybrid') driver.socketUp();
        await timers.advance(59_999);
        expect(channels.resyncs, mode).to.deep.equal([]);
        await timers.advance(60_001);
        expect(channels.resyncs.map((at) => at - T0), mode).to.deep.equal([60_000, 120_000]);
      }
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
