// The client's estimate of the server clock (CONTRACT.md "Socket.IO", `time:sync`). A round-trip
// estimate (time:sync or GET /api/time) is what announced flips trust: it bounds the error by half
// its round trip. Until one has answered, a snapshot's own server stamp sets the offset for
// countdowns, but gives no estimate, so no announcement is applied on it (DOMAIN.md "Announced flips").

import type { ClockEstimate } from './clock-offset.js';

export class ServerClock {
  private offsetMs = 0;
  private sampled: ClockEstimate | null = null;

  constructor(readonly localNow: () => number) {}

  /** The server's clock as estimated (epoch ms). */
  now(): number {
    return this.localNow() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  /** The round-trip estimate, or null while no round trip has answered. */
  estimate(): ClockEstimate | null {
    return this.sampled;
  }

  /** A snapshot's server stamp, read between two local instants: used only until a round trip answers. */
  seed(serverNowEpochMs: number, sentAtLocalMs: number, receivedAtLocalMs: number): void {
    if (this.sampled === null) this.offsetMs = serverNowEpochMs - (sentAtLocalMs + receivedAtLocalMs) / 2;
  }

  adopt(estimate: ClockEstimate): void {
    this.sampled = estimate;
    this.offsetMs = estimate.offsetMs;
  }
}
