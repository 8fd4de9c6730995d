// CONCERTS_HEARTBEAT: every period, this instance tells its own sockets where the stream stands
// (latest seq, server time, mode), so a client that missed an event notices. Each instance beats for
// its own sockets only (`local`), otherwise N instances would multiply every beat by N. A beat whose
// status cannot be read (database down) is skipped, not retried: the next one comes soon enough.

import type { Namespace } from 'socket.io';
import type { StreamStatus } from '../../application/live/stream-status.js';
import { HEARTBEAT_EVENT, toHeartbeatEvent } from './live-wire.js';

export interface HeartbeatOptions {
  readonly everyMs: number;
  readonly streamStatus: () => Promise<StreamStatus>;
  readonly onError: (error: unknown, context: string) => void;
}

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private beating = false;

  constructor(
    private readonly namespace: Namespace,
    private readonly options: HeartbeatOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.beat(), this.options.everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One beat; overlapping beats (a slow database) are skipped rather than queued. */
  async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      const status = await this.options.streamStatus();
      this.namespace.local.emit(HEARTBEAT_EVENT, toHeartbeatEvent(status));
    } catch (error) {
      this.options.onError(error, 'heartbeat');
    } finally {
      this.beating = false;
    }
  }
}
