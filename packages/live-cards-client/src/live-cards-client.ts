// Reference consumer of the live stream (CONTRACT.md "Socket.IO", "Stream guarantees"), usable in
// the browser and in Node: a snapshot over HTTP, then CONCERTS_REFRESH deltas applied by card
// version, deduplicated by seq; on every reconnect, and on a gap, it asks the server to replay from
// the last seq it applied (`cards:watch` with afterSeq and epoch), and reads the snapshot only when
// the server cannot (`resyncRequired`). Cards are shown with their announced flips applied on time
// (flip-schedule.ts), on the server clock estimated from `time:sync` (server-clock.ts).
// It stops with a ProtocolVersionError (the `error` event, or a rejected start/resync) when the
// server cannot serve its protocol version. Every snapshot read goes through `resync()`, so a
// poller (hybrid/polling modes) can call it.

import { ProtocolVersionError } from './protocol-error.js';
import type { CardJson, RealtimeSettingsJson, SearchResponse } from './wire.js';
import { CardStore } from './card-store.js';
import { CLIENT_DEFAULTS, type LiveCardsClientOptions, type LiveCardsEvents, type LiveCardsStats } from './client-types.js';
import { FlipSchedule } from './flip-schedule.js';
import { Listeners } from './listeners.js';
import { LiveConnection } from './live-connection.js';
import { ServerClock } from './server-clock.js';
import { askServerTime, readSearchSnapshot, type ServiceHttp } from './service-reads.js';
import { StreamIntake } from './stream-intake.js';
import { StreamSequencer } from './stream-sequencer.js';
import { globalTimers } from './timers.js';
import { WatchReplay } from './watch-replay.js';

export type { ConnectionState, LiveCardsClientOptions, LiveCardsEvents, LiveCardsState, LiveCardsStats } from './client-types.js';
export type { LiveSocket, SocketFactory } from './live-connection.js';

export class LiveCardsClient {
  private readonly store = new CardStore();
  private readonly sequencer = new StreamSequencer();
  private readonly listeners = new Listeners<LiveCardsEvents>();
  private readonly clock: ServerClock;
  private readonly http: ServiceHttp;
  private readonly connection: LiveConnection;
  private readonly flips: FlipSchedule;
  private readonly replay: WatchReplay;
  private readonly intake: StreamIntake;
  private current: RealtimeSettingsJson | null = null;
  private snapshotsRead = 0;
  private inFlightResync: Promise<void> | null = null;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private everConnected = false;
  private closed = false;
  /** Set once the server has refused this client's protocol version: nothing is read any more. */
  private incompatible: ProtocolVersionError | null = null;
  private readonly counters = { resyncs: 0, flips: 0 };

  constructor(private readonly options: LiveCardsClientOptions) {
    this.clock = new ServerClock(options.localNow ?? (() => Date.now()));
    this.http = { baseUrl: options.baseUrl, fetch: options.fetch ?? ((input, init) => fetch(input, init)) };
    this.connection = new LiveConnection(
      options.baseUrl,
      {
        refresh: (event) => this.intake.refresh(this.follow(event)),
        heartbeat: (beat) => this.intake.heartbeat(this.follow(beat)),
        connected: () => this.onConnect(),
        disconnected: (reason) => this.onDisconnect(reason),
        refused: (error) => this.refuse(error),
      },
      options.io,
    );
    this.flips = new FlipSchedule({
      localNow: this.clock.localNow,
      estimate: () => this.clock.estimate(),
      timers: options.timers ?? globalTimers,
      onFlip: () => {
        this.counters.flips += 1;
        this.listeners.emit('flip', this.clock.localNow());
        this.notifyChange();
      },
    });
    this.replay = new WatchReplay({
      connection: this.connection,
      sequencer: this.sequencer,
      resync: () => this.resync(),
      onError: (error) => this.listeners.emit('error', error),
    });
    this.intake = new StreamIntake({
      store: this.store,
      sequencer: this.sequencer,
      replay: this.replay,
      gapWaitMs: options.gapWaitMs ?? CLIENT_DEFAULTS.gapWaitMs,
      resync: () => this.resyncOrReport(),
      applied: (event) => {
        this.listeners.emit('refresh', event, this.clock.localNow());
        this.cardsChanged();
      },
      beat: (beat) => this.listeners.emit('status', beat, this.clock.localNow()),
    });
  }

  /** Opens the socket, reads the snapshot, and resolves once both are done and the clock is sampled. */
  async start(): Promise<void> {
    if (this.options.manualSocket) {
      await this.resync();
    } else {
      const firstConnect = this.connection.nextConnect();
      this.connection.open();
      // Handled here too: when the snapshot read below fails first, start() rejects with that instead.
      firstConnect.catch(() => undefined);
      await this.resync();
      await firstConnect;
      await this.syncClock();
    }
    this.clockTimer = setInterval(() => void this.syncClock(), this.options.clockResyncEveryMs ?? CLIENT_DEFAULTS.clockResyncEveryMs);
  }

  /** Re-reads the snapshot and continues from its seq. Concurrent calls share one request. */
  resync(): Promise<void> {
    if (!this.inFlightResync) {
      this.inFlightResync = this.readSnapshot().finally(() => {
        this.inFlightResync = null;
      });
    }
    return this.inFlightResync;
  }

  /**
   * Narrows the socket to these cards (`'all'`, the default, widens it back), now if connected and
   * on every reconnect. Newly watched cards are replayed from the last snapshot's seq.
   */
  watch(ids: readonly number[] | 'all'): void {
    this.replay.setWatch(ids);
  }

  on<K extends keyof LiveCardsEvents>(name: K, handler: LiveCardsEvents[K]): () => void {
    return this.listeners.on(name, handler);
  }

  /** The cards as a screen shows them now: the server's cards, their announced changes applied once due. */
  cards(): ReadonlyMap<number, CardJson> {
    return this.flips.shown(this.store.all());
  }

  /** The highest seq up to which this client has every change (of its watch set). */
  seq(): number {
    return this.sequencer.lastContiguous();
  }

  settings(): RealtimeSettingsJson | null {
    return this.current;
  }

  stats(): LiveCardsStats {
    return { ...this.counters, clockSyncs: this.clock.syncs, ...this.intake.stats(), ...this.replay.stats() };
  }

  clockOffsetMs(): number {
    return this.clock.offset();
  }

  /** The server's clock as this client estimates it (epoch ms). */
  serverNow(): number {
    return this.clock.now();
  }

  /** Seconds until the card's sale opens by the server's clock: ceil, never below 0; null when unscheduled. */
  saleOpensInSeconds(card: Pick<CardJson, 'saleOpensAt'>): number | null {
    if (card.saleOpensAt === null) return null;
    return Math.max(0, Math.ceil((Date.parse(card.saleOpensAt) - this.serverNow()) / 1_000));
  }

  /** Opens the socket if none is open (manualSocket mode); it reconnects by itself until closeLive(). */
  openLive(): void {
    if (this.closed || this.incompatible) return;
    this.connection.open();
  }

  /** Closes the socket and stops reconnecting; the snapshot stays. */
  closeLive(): void {
    this.connection.close();
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  close(): void {
    this.closed = true;
    this.replay.stop();
    this.intake.stop();
    clearInterval(this.clockTimer);
    this.flips.stop();
    this.connection.close();
    this.listeners.clear();
  }

  /** The protocol refusal that stopped this client, or null. */
  protocolError(): ProtocolVersionError | null {
    return this.incompatible;
  }

  /**
   * Estimates the server clock from a few round trips, keeping the one with the smallest round
   * trip: `time:sync` over the socket when it is connected, else `GET /api/time` (polling mode has
   * no socket, and a snapshot's own server time is a single sample skewed by its processing time).
   */
  async syncClock(): Promise<void> {
    const ask = this.connection.isConnected()
      ? (sentAt: number) => this.connection.timeSync(sentAt)
      : (sentAt: number) => askServerTime(this.http, sentAt);
    if ((await this.clock.sync(ask, this.options.timeSyncSamples ?? CLIENT_DEFAULTS.timeSyncSamples)) && !this.closed) this.cardsChanged();
  }

  private onConnect(): void {
    this.listeners.emit('connection', { connected: true });
    this.notifyChange();
    // A new socket watches everything until told otherwise, and missed what happened while away.
    this.replay.connected();
    if (this.everConnected || this.options.manualSocket) void this.syncClock();
    this.everConnected = true;
  }

  private onDisconnect(reason: string): void {
    this.replay.disconnected();
    this.listeners.emit('connection', { connected: false, reason });
    this.notifyChange();
  }

  private async readSnapshot(): Promise<void> {
    if (this.incompatible) throw this.incompatible;
    const sentAt = this.clock.localNow();
    let snapshot: SearchResponse;
    try {
      snapshot = await readSearchSnapshot(this.http, this.options.query ?? {});
    } catch (error) {
      throw error instanceof ProtocolVersionError ? this.refuse(error) : error;
    }
    const receivedAt = this.clock.localNow();
    if (this.closed) return;
    if (this.snapshotsRead > 0) this.counters.resyncs += 1;
    this.snapshotsRead += 1;
    this.follow(snapshot);
    if (!this.intake.snapshot(snapshot)) return;
    this.clock.seed(snapshot.serverNowEpochMs, sentAt, receivedAt);
    this.listeners.emit('resync', snapshot.seq, snapshot);
    this.cardsChanged();
    this.intake.watchForGap();
  }

  private resyncOrReport(): void {
    this.resync().catch((error: unknown) => this.listeners.emit('error', error));
  }

  /** Stops for good after a protocol refusal: no socket, no timers; tells `error` listeners once. */
  private refuse(error: ProtocolVersionError): ProtocolVersionError {
    if (this.incompatible) return this.incompatible;
    this.incompatible = error;
    this.intake.stop();
    this.replay.stop();
    this.connection.close();
    this.listeners.emit('error', error);
    return error;
  }

  /** The server decides the mode; every snapshot, refresh and heartbeat carries it. Returns `source`. */
  private follow<T extends RealtimeSettingsJson>(source: T): T {
    const next = { realtimeMode: source.realtimeMode, hybridPollIntervalMillis: source.hybridPollIntervalMillis };
    if (this.current?.realtimeMode === next.realtimeMode && this.current.hybridPollIntervalMillis === next.hybridPollIntervalMillis) return source;
    this.current = next;
    this.listeners.emit('mode', next);
    this.notifyChange();
    return source;
  }

  private cardsChanged(): void {
    this.flips.plan(this.store.all());
    this.notifyChange();
  }

  private notifyChange(): void {
    if (!this.options.onChange || !this.current) return;
    this.options.onChange({ cards: this.cards(), seq: this.sequencer.lastContiguous(), settings: this.current, connected: this.isConnected() });
  }
}
