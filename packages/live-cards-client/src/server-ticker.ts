// Calls back at every whole step of the server's clock (every server second by default), by the
// client's server-clock estimate: two screens with different local clocks wake at the same server
// instant and show the same digits. The callback gets the instant it was scheduled for, so a timer
// firing a millisecond early or late still renders the intended step (unless it is so late that a
// later step has begun).

import { nextServerSecond, serverSecondOf } from './countdown.js';
import { globalTimers, type Timers } from './timers.js';

export class ServerTicker {
  private timer: unknown = null;

  constructor(
    private readonly serverNow: () => number,
    private readonly onTick: (serverInstantMs: number) => void,
    private readonly timers: Timers = globalTimers,
    /** The step, in ms of server time; 1000 ticks on whole server seconds. */
    private readonly everyMs = 1_000,
  ) {}

  start(): void {
    this.stop();
    this.onTick(serverSecondOf(this.serverNow(), this.everyMs));
    this.schedule();
  }

  /** Re-aim at the next step, e.g. after the clock estimate moved. */
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
    const target = nextServerSecond(now, this.everyMs);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.onTick(Math.max(target, serverSecondOf(this.serverNow(), this.everyMs)));
      this.schedule();
    }, target - now);
  }
}
