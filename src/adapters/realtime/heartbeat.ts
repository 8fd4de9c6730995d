// CONCERTS_HEARTBEAT: every period, this instance tells its own sockets where the stream stands for
// them: its relay has sent every change up to `seq` that concerns their watch sets (plus server
// time and mode). Before each beat the relay checks the stream head, so an instance that missed
// changes (Redis dropped them, or was cut) fills them from the outbox. Each instance beats for its
// own sockets only (`local`), otherwise N instances would multiply every beat by N. A beat whose
// status cannot be read (database down) is skipped, not retried. A socket also gets one beat as it
// connects, so a client that took its snapshot just before a change it then missed notices at once.

import type { Namespace, Socket } from 'socket.io';
import type { LiveStreamRelayUseCase } from '../../application/ports/inbound/live-stream.js';
import { HEARTBEAT_EVENT, toHeartbeatEvent } from './live-wire.js';

export interface HeartbeatOptions {
  readonly everyMs: number;
  readonly relay: Pick<LiveStreamRelayUseCase, 'status' | 'checkHead'>;
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

  /** One beat for a socket that has just connected. */
  async greet(socket: Socket): Promise<void> {
    try {
      socket.emit(HEARTBEAT_EVENT, toHeartbeatEvent(await this.options.relay.status()));
    } catch (error) {
      this.options.onError(error, 'heartbeat on connect');
    }
  }

  /** One beat, after a head check; overlapping beats (a slow database) are skipped rather than queued. */
  async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      await this.options.relay.checkHead();
      this.namespace.local.emit(HEARTBEAT_EVENT, toHeartbeatEvent(await this.options.relay.status()));
    } catch (error) {
      this.options.onError(error, 'heartbeat');
    } finally {
      this.beating = false;
    }
  }
}
