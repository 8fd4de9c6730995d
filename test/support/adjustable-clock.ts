// A clock tests can set and move; bound in place of the system clock through startService().

import type { Clock } from '../../src/application/ports/clock.js';

export class AdjustableClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  set(instant: number): void {
    this.current = instant;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
