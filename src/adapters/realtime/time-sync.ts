// `time:sync` (clientSentAtMs, ack) → ack {serverNowEpochMs, clientSentAtMs}: one round trip of a
// client's clock-offset estimate. Malformed calls and calls beyond the per-socket rate are dropped
// without an answer — a client that floods gets silence, not an error channel to flood further.

import type { Socket } from 'socket.io';
import type { Clock } from '../../application/ports/clock.js';
import type { TimeSyncAck } from '../../contract/wire.js';
import { TIME_SYNC_EVENT } from './live-wire.js';

/** Fixed one-second windows on a monotonic clock (rate limiting is about elapsed time, not server time). */
export class PerSecondLimit {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly perSecond: number,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  take(): boolean {
    const now = this.monotonicNow();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= this.perSecond) return false;
    this.used += 1;
    return true;
  }
}

export interface TimeSyncOptions {
  readonly clock: Clock;
  readonly perSecond: number;
  readonly onSync?: () => void;
}

export function answerTimeSync(socket: Socket, options: TimeSyncOptions): void {
  const limit = new PerSecondLimit(options.perSecond);
  socket.on(TIME_SYNC_EVENT, (clientSentAtMs: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    if (typeof clientSentAtMs !== 'number' || !Number.isFinite(clientSentAtMs)) return;
    if (!limit.take()) return;
    const reply: TimeSyncAck = { serverNowEpochMs: options.clock.now(), clientSentAtMs };
    (ack as (reply: TimeSyncAck) => void)(reply);
    options.onSync?.();
  });
}
