// The server's wall clock and in-process timers: the one module that reads the wall clock (the
// ESLint clock rule lets no other module under src/ call Date.now() or new Date()).

import type { Clock } from '../../application/ports/clock.js';
import type { Timer } from '../../application/ports/outbound/timer.js';

export const systemClock: Clock = { now: () => Date.now() };

export const nodeTimer: Timer = {
  after(delayMs, task) {
    const handle = setTimeout(task, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
};
