// The server's wall clock and in-process timers: the only place production code reads time.

import type { Clock } from '../../application/ports/clock.js';
import type { Timer } from '../../application/ports/timer.js';

export const systemClock: Clock = { now: () => Date.now() };

export const nodeTimer: Timer = {
  after(delayMs, task) {
    const handle = setTimeout(task, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
};
