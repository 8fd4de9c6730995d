// Runs a task once after a burst of requests has been quiet for `delayMs` (the highlights are
// re-read once per burst of live events, not once per event). Timers are injected for tests.

import { globalTimers, type Timers } from 'live-cards-client';

export class DebouncedTask {
  private timer: unknown = null;

  constructor(
    private readonly task: () => void,
    private readonly delayMs: number,
    private readonly timers: Timers = globalTimers,
  ) {}

  request(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.task();
    }, this.delayMs);
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
