// The client's estimate of the server clock (CONTRACT.md "Socket.IO", `time:sync`). A round-trip
// estimate (time:sync or GET /api/time) is what announced flips trust: it bounds the error by half
// its round trip. Until one has answered, a snapshot's own server stamp sets the offset for
// countdowns, but gives no estimate, so no announcement is applied on it (DOMAIN.md "Announced flips").

import { sampleServerClock, type ClockEstimate } from './clock-offset.js';
import type { TimeSyncAck } from './wire.js';

export class ServerClock {
  private offsetMs = 0;
  private sampled: ClockEstimate | null = null;
  /** Round-trip estimates adopted so far. */
  syncs = 0;

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

  /** Takes `count` round trips through `ask` and adopts the best; false when none answered. */
  async sync(ask: (sentAtLocalMs: number) => Promise<TimeSyncAck>, count: number): Promise<boolean> {
    const estimate = await sampleServerClock(ask, this.localNow, count);
    if (!estimate) return false;
    this.sampled = estimate;
    this.offsetMs = estimate.offsetMs;
    this.syncs += 1;
    return true;
  }
}
