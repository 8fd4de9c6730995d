// Decides, from the server's realtime mode, which channels a client uses (CONTRACT.md "Realtime
// modes"): whether the socket is open, when the snapshot is re-read, and what the visitor is told
// about the connection. The consumer reports what happened (settings seen, socket up/down, cards
// applied); the driver answers by opening/closing the socket and calling `resync()`. Timers,
// randomness and the server-clock estimate are injected so every transition is unit-testable.
//
//   websocket  one snapshot, then the socket only. Down for `fallbackAfterMs`: poll at the hybrid
//              interval until the socket is back, then resync once and stop polling.
//   hybrid     socket plus a snapshot every hybridPollIntervalMillis.
//   polling    no socket at all; a snapshot every hybridPollIntervalMillis.
// No mode fetches at a time boundary: every card announces its next change with the instant
// (`nextChange`), the client applies it on time, and the next poll confirms it, so a crowd of
// polling pages does not hit the server at the boundary (DOMAIN.md "Announced flips").

import type { RealtimeMode, RealtimeSettingsJson } from './wire.js';
import { globalTimers, type Timers } from './timers.js';

export type ConnectionState = 'connected' | 'reconnecting' | 'polling' | 'offline';

export interface DriverState {
  readonly mode: RealtimeMode;
  readonly hybridPollIntervalMillis: number;
  readonly connection: ConnectionState;
  /** websocket mode with the socket down long enough that the driver polls. */
  readonly fallbackPolling: boolean;
  readonly socketOpen: boolean;
}

/** The channels the driver steers; the live-cards consumer provides them. */
export interface LiveChannels {
  /** Start (or keep) a Socket.IO connection that reconnects by itself. */
  openSocket(): void;
  /** Close the socket and stop reconnecting. */
  closeSocket(): void;
  /** Re-read the snapshot and apply it; rejects when the request fails. */
  resync(): Promise<unknown>;
}

export interface ModeDriverOptions {
  readonly channels: LiveChannels;
  readonly timers?: Timers;
  /** Uniform in [0, 1). */
  readonly random?: () => number;
  /** How long the socket may be down in websocket mode before the driver polls. */
  readonly fallbackAfterMs?: number;
}

export const MODE_DRIVER_DEFAULTS = { fallbackAfterMs: 3_000 } as const;

type Listener = (state: DriverState) => void;

export class ModeDriver {
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly fallbackAfterMs: number;
  private readonly listeners = new Set<Listener>();

  private started = false;
  private mode: RealtimeMode = 'websocket';
  private intervalMs = 30_000;

  private socketOpen = false;
  private socketConnected = false;
  /** The socket (or the polling mode before it) left a gap a fresh connection must close by resyncing. */
  private missedWhileDown = false;
  private fallbackActive = false;
  private lastFetchFailed = false;

  private fallbackTimer: unknown = null;
  private pollTimer: unknown = null;
  private pollTimerInterval = 0;

  private fetchInFlight: Promise<void> | null = null;
  private fetchAgain = false;

  constructor(private readonly options: ModeDriverOptions) {
    this.timers = options.timers ?? globalTimers;
    this.random = options.random ?? Math.random;
    this.fallbackAfterMs = options.fallbackAfterMs ?? MODE_DRIVER_DEFAULTS.fallbackAfterMs;
  }

  /** Begin with the settings of the first snapshot (which the consumer has already applied). */
  start(settings: RealtimeSettingsJson): void {
    this.transition(() => {
      this.started = true;
      this.mode = settings.realtimeMode;
      this.intervalMs = settings.hybridPollIntervalMillis;
    });
  }

  /** Settings as seen in any snapshot, refresh or heartbeat; a change takes effect at once. */
  applySettings(settings: RealtimeSettingsJson): void {
    if (settings.realtimeMode === this.mode && settings.hybridPollIntervalMillis === this.intervalMs) return;
    this.transition(() => {
      if (this.mode === 'polling' && settings.realtimeMode !== 'polling') this.missedWhileDown = true;
      this.mode = settings.realtimeMode;
      this.intervalMs = settings.hybridPollIntervalMillis;
    });
  }

  /** The socket connected (first time or after a reconnect). */
  socketUp(): void {
    if (!this.socketOpen || this.socketConnected) return;
    const resync = this.missedWhileDown || this.fallbackActive;
    this.transition(() => {
      this.socketConnected = true;
      this.missedWhileDown = false;
      this.fallbackActive = false;
    });
    if (resync) void this.fetch();
  }

  /** The socket lost its connection (it keeps trying to reconnect). */
  socketDown(): void {
    if (!this.socketConnected) return;
    this.transition(() => {
      this.socketConnected = false;
      this.missedWhileDown = true;
    });
  }

  state(): DriverState {
    return {
      mode: this.mode,
      hybridPollIntervalMillis: this.intervalMs,
      connection: this.connection(),
      fallbackPolling: this.fallbackActive,
      socketOpen: this.socketOpen,
    };
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.started = false;
    this.cancelFallback();
    this.cancelPoll();
    if (this.socketOpen) this.options.channels.closeSocket();
    this.socketOpen = false;
    this.socketConnected = false;
  }

  private connection(): ConnectionState {
    if (this.socketConnected) return 'connected';
    if (this.lastFetchFailed) return 'offline';
    if (this.mode === 'polling' || this.fallbackActive) return 'polling';
    return 'reconnecting';
  }

  /** Apply a change of facts, make sockets and timers match, and tell listeners if the state moved. */
  private transition(change: () => void): void {
    const before = JSON.stringify(this.state());
    change();
    if (this.started) {
      this.reconcileSocket();
      this.reconcileFallback();
      this.reconcilePoll();
    }
    if (JSON.stringify(this.state()) !== before) this.notify();
  }

  private reconcileSocket(): void {
    const wanted = this.mode !== 'polling';
    if (wanted && !this.socketOpen) {
      this.socketOpen = true;
      this.options.channels.openSocket();
    } else if (!wanted && this.socketOpen) {
      this.socketOpen = false;
      this.socketConnected = false;
      this.options.channels.closeSocket();
    }
  }

  private reconcileFallback(): void {
    const socketMissing = this.mode === 'websocket' && !this.socketConnected;
    if (!socketMissing) {
      this.cancelFallback();
      this.fallbackActive = false;
      return;
    }
    if (this.fallbackActive || this.fallbackTimer !== null) return;
    this.fallbackTimer = this.timers.setTimeout(() => {
      this.fallbackTimer = null;
      this.transition(() => {
        this.fallbackActive = true;
      });
      void this.fetch();
    }, this.fallbackAfterMs);
  }

  private pollsPeriodically(): boolean {
    return this.mode === 'hybrid' || this.mode === 'polling' || this.fallbackActive;
  }

  private reconcilePoll(): void {
    if (!this.pollsPeriodically()) return this.cancelPoll();
    if (this.pollTimer !== null && this.pollTimerInterval === this.intervalMs) return;
    this.cancelPoll();
    this.armPoll();
  }

  private armPoll(): void {
    this.pollTimerInterval = this.intervalMs;
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = null;
      this.armPoll();
      void this.fetch();
    }, this.intervalMs);
  }

  /** One snapshot read at a time; a request asked for meanwhile runs once after it. */
  private fetch(): Promise<void> {
    if (this.fetchInFlight !== null) {
      this.fetchAgain = true;
      return this.fetchInFlight;
    }
    this.fetchInFlight = this.options.channels
      .resync()
      .then(
        () => false,
        () => true,
      )
      .then((failed) => {
        this.fetchInFlight = null;
        if (!this.started) return;
        this.transition(() => {
          this.lastFetchFailed = failed;
        });
        if (this.fetchAgain) {
          this.fetchAgain = false;
          return this.fetch();
        }
      });
    return this.fetchInFlight;
  }

  private cancelFallback(): void {
    if (this.fallbackTimer !== null) this.timers.clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
  }

  private cancelPoll(): void {
    if (this.pollTimer !== null) this.timers.clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private notify(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
