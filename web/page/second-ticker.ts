// Calls back on every whole server second, by the client's server-clock estimate: two screens with
// different local clocks wake at the same server instant and show the same digits. The callback
// gets the second it was scheduled for, so a timer firing a millisecond early or late still renders
// the intended second (unless it is so late that a later second has begun).

import { globalTimers, type Timers } from 'live-cards-client';
import { nextServerSecond, serverSecondOf } from './countdown.js';

export class ServerSecondTicker {
  private timer: unknown = null;

  constructor(
    private readonly serverNow: () => number,
    private readonly onSecond: (serverSecondMs: number) => void,
    private readonly timers: Timers = globalTimers,
  ) {}

  start(): void {
    this.stop();
    this.onSecond(serverSecondOf(this.serverNow()));
    this.schedule();
  }

  /** Re-aim at the next second, e.g. after the clock estimate moved. */
  realign(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.schedule();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const now = this.serverNow();
    const target = nextServerSecond(now);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.onSecond(Math.max(target, serverSecondOf(this.serverNow())));
      this.schedule();
    }, target - now);
  }
}
