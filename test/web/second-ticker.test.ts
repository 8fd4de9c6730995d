import { expect } from 'chai';
import { DebouncedTask } from '../../web/page/debounced-task.js';
import { ServerTicker } from '../../packages/live-cards-client/src/server-ticker.js';
import { FakeTimers } from './support/fake-timers.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0, 0);

describe('server-second ticker', () => {
  it('renders at once, then wakes exactly at each whole server second', async () => {
    const timers = new FakeTimers(T0 + 300);
    const wokeAt: number[] = [];
    const seconds: number[] = [];
    new ServerTicker(() => timers.now, (second) => (seconds.push(second - T0), wokeAt.push(timers.now - T0)), timers).start();
    await timers.advance(2_000);
    expect(seconds).to.deep.equal([0, 1_000, 2_000]);
    expect(wokeAt).to.deep.equal([300, 1_000, 2_000]);
  });

  it('aims at the server second, not the local one, when the clocks differ', async () => {
    const timers = new FakeTimers(T0);
    const offsetMs = 47_370; // the local clock is 47.37 s ahead: server = local - offset
    const wokeAt: number[] = [];
    new ServerTicker(() => timers.now - offsetMs, () => wokeAt.push((timers.now - offsetMs) % 1_000), timers).start();
    await timers.advance(3_000);
    expect(wokeAt.slice(1)).to.deep.equal([0, 0, 0]);
  });

  it('renders the intended second even if the timer fires a little early', async () => {
    const timers = new FakeTimers(T0 + 500);
    let skew = 0;
    const seconds: number[] = [];
    new ServerTicker(() => timers.now + skew, (second) => seconds.push(second - T0), timers).start();
    skew = -2; // the estimate moved back by 2 ms after scheduling
    await timers.advance(500);
    expect(seconds).to.deep.equal([0, 1_000]);
  });

  it('ticks on whole multiples of another step of server time (useServerNow(250))', async () => {
    const timers = new FakeTimers(T0 + 130);
    const ticks: number[] = [];
    new ServerTicker(() => timers.now - 40, (instant) => ticks.push(instant - T0), timers, 250).start();
    await timers.advance(700);
    expect(ticks).to.deep.equal([0, 250, 500, 750]);
  });
});

describe('debounced task', () => {
  it('runs once, delayMs after the last request of a burst', async () => {
    const timers = new FakeTimers(0);
    const ranAt: number[] = [];
    const task = new DebouncedTask(() => ranAt.push(timers.now), 300, timers);
    task.request();
    await timers.advance(100);
    task.request();
    await timers.advance(200);
    task.request();
    await timers.advance(1_000);
    expect(ranAt).to.deep.equal([600]);
  });
});
