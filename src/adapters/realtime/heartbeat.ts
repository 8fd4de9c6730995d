// CONCERTS_HEARTBEAT: every period, this instance tells its own sockets where the stream stands
// (latest seq, server time, mode), so a client that missed an event notices. Each instance beats for
// its own sockets only (`local`), otherwise N instances would multiply every beat by N. A beat whose
// status cannot be read (database down) is skipped, not retried: the next one comes soon enough.
// A socket also gets one beat as it connects, so a client that took its snapshot just before an
// event it then missed notices at once rather than at the next period; connection storms share
// one status read per half second.

import type { Namespace, Socket } from 'socket.io';
import type { Clock } from '../../application/ports/clock.js';
import type { StreamStatus } from '../../application/ports/inbound/stream-status.js';
import { HEARTBEAT_EVENT, toHeartbeatEvent } from './live-wire.js';

const GREETING_STATUS_MAX_AGE_MS = 500;

export interface HeartbeatOptions {
  readonly everyMs: number;
  readonly streamStatus: () => Promise<StreamStatus>;
  readonly clock: Clock;
  readonly onError: (error: unknown, context: string) => void;
}

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private beating = false;
  private greeting: { readonly at: number; readonly status: Promise<StreamStatus> } | null = null;

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

  /** One beat for a socket that has just connected. */
  async greet(socket: Socket): Promise<void> {
    const now = this.options.clock.now();
    if (!this.greeting || now - this.greeting.at >= GREETING_STATUS_MAX_AGE_MS) {
      this.greeting = { at: now, status: this.options.streamStatus() };
    }
    try {
      socket.emit(HEARTBEAT_EVENT, toHeartbeatEvent(await this.greeting.status));
    } catch (error) {
      this.options.onError(error, 'heartbeat on connect');
    }
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
