// Reference consumer of the live stream (CONTRACT.md "Socket.IO", "Stream guarantees"), usable in
// the browser and in Node: a snapshot over HTTP, then CONCERTS_REFRESH deltas applied by card
// version, deduplicated by seq, with gaps (from events or heartbeats) repaired by re-reading the
// snapshot; the server clock estimated from `time:sync` round trips (or `GET /api/time` ones when
// no socket is connected) so countdowns use server time.
// It imports socket.io-client and the published wire contract; nothing else. It states the protocol
// version it speaks on every snapshot read and in the socket handshake, and stops with a
// ProtocolVersionError (the `error` event, or a rejected start/resync) when the server cannot serve it.
//
// Every snapshot read goes through `resync()`, so a poller (hybrid/polling modes) can call it.

import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { protocolRefusalOf, ProtocolVersionError } from './protocol-error.js';
import {
  PROTOCOL_VERSION,
  type CardJson,
  type HeartbeatEvent,
  type LiveEvents,
  type LiveRequests,
  type RealtimeSettingsJson,
  type RefreshEvent,
  type SearchResponse,
  type ServerTime,
  type TimeSyncAck,
} from './wire.js';
import { CardStore } from './card-store.js';
import { sampleServerClock } from './clock-offset.js';
import { Listeners } from './listeners.js';
import { StreamSequencer } from './stream-sequencer.js';

export type LiveSocket = Socket<LiveEvents, LiveRequests>;
export type SocketFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => LiveSocket;

export interface LiveCardsClientOptions {
  /** Origin of the service, e.g. `https://cards.example.com` or `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** The local clock (epoch ms); injectable so tests can skew it. */
  readonly localNow?: () => number;
  /** Search parameters of the snapshot (`keyword`, `page`, `size`, `sort`, ...). */
  readonly query?: Readonly<Record<string, string | number>>;
  /** How long a missing seq may take to arrive before the snapshot is re-read. */
  readonly gapWaitMs?: number;
  readonly timeSyncSamples?: number;
  readonly clockResyncEveryMs?: number;
  readonly onChange?: (state: LiveCardsState) => void;
  readonly io?: SocketFactory;
  /**
   * When true, start() only reads the snapshot and the caller opens/closes the socket with
   * openLive()/closeLive() — the realtime mode driver (mode-driver.ts) does, so that `polling`
   * mode never opens a socket at all.
   */
  readonly manualSocket?: boolean;
}

export interface LiveCardsState {
  readonly cards: ReadonlyMap<number, CardJson>;
  readonly seq: number;
  readonly settings: RealtimeSettingsJson;
  readonly connected: boolean;
}

export interface LiveCardsStats {
  /** CONCERTS_REFRESH messages received, duplicates included. */
  readonly eventsReceived: number;
  /** Messages dropped because their seq was already applied or covered by a snapshot. */
  readonly duplicatesDropped: number;
  /** Card updates ignored because the card already had that version or a newer one. */
  readonly staleCardsIgnored: number;
  readonly heartbeats: number;
  /** Times the client found itself behind (a seq gap or a heartbeat ahead of it). */
  readonly gaps: number;
  /** Snapshot reads after the first one. */
  readonly resyncs: number;
  readonly clockSyncs: number;
}

export interface ConnectionState {
  readonly connected: boolean;
  readonly reason?: string;
}

export interface LiveCardsEvents {
  /** An event that was applied (not a duplicate), with its local receipt time. */
  refresh: (event: RefreshEvent, receivedAtLocalMs: number) => void;
  status: (heartbeat: HeartbeatEvent, receivedAtLocalMs: number) => void;
  connection: (state: ConnectionState) => void;
  mode: (settings: RealtimeSettingsJson) => void;
  /** A snapshot was read and applied (its items are what the query answers, in the server's order). */
  resync: (seq: number, snapshot: SearchResponse) => void;
  error: (error: unknown) => void;
}

const DEFAULTS = { gapWaitMs: 1_000, timeSyncSamples: 5, clockResyncEveryMs: 60_000, ackTimeoutMs: 2_000 } as const;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class LiveCardsClient {
  private readonly store = new CardStore();
  private readonly sequencer = new StreamSequencer();
  private readonly listeners = new Listeners<LiveCardsEvents>();
  private readonly localNow: () => number;
  private readonly fetchImpl: typeof fetch;
  private socket: LiveSocket | null = null;
  private current: RealtimeSettingsJson | null = null;
  private offsetMs = 0;
  private clockSampled = false;
  private snapshotsRead = 0;
  private inFlightResync: Promise<void> | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempts = 0;
  private everConnected = false;
  private closed = false;
  /** Set once the server has refused this client's protocol version: nothing is read any more. */
  private incompatible: ProtocolVersionError | null = null;
  private readonly counters = {
    eventsReceived: 0,
    duplicatesDropped: 0,
    staleCardsIgnored: 0,
    heartbeats: 0,
    gaps: 0,
    resyncs: 0,
    clockSyncs: 0,
  };

  constructor(private readonly options: LiveCardsClientOptions) {
    this.localNow = options.localNow ?? (() => Date.now());
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Opens the socket, reads the snapshot, and resolves once both are done and the clock is sampled. */
  async start(): Promise<void> {
    if (this.options.manualSocket) {
      await this.resync();
      this.clockTimer = setInterval(() => void this.syncClock(), this.options.clockResyncEveryMs ?? DEFAULTS.clockResyncEveryMs);
      return;
    }
    const socket = this.openSocket();
    // Resolves at the first connect; rejects if the server refuses this client's protocol version.
    const firstConnect = new Promise<void>((resolve, reject) => {
      const stopWaiting = this.listeners.on('error', (error) => {
        if (error instanceof ProtocolVersionError) reject(error);
      });
      socket.once('connect', () => {
        stopWaiting();
        resolve();
      });
    });
    // Handled here too: when the snapshot read below fails first, start() rejects with that instead.
    firstConnect.catch(() => undefined);
    await this.resync();
    await firstConnect;
    await this.syncClock();
    this.clockTimer = setInterval(() => void this.syncClock(), this.options.clockResyncEveryMs ?? DEFAULTS.clockResyncEveryMs);
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

  on<K extends keyof LiveCardsEvents>(name: K, handler: LiveCardsEvents[K]): () => void {
    return this.listeners.on(name, handler);
  }

  cards(): ReadonlyMap<number, CardJson> {
    return this.store.all();
  }

  /** The highest seq up to which this client has every change. */
  seq(): number {
    return this.sequencer.lastContiguous();
  }

  settings(): RealtimeSettingsJson | null {
    return this.current;
  }

  stats(): LiveCardsStats {
    return { ...this.counters };
  }

  clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** The server's clock as this client estimates it (epoch ms). */
  serverNow(): number {
    return this.localNow() + this.offsetMs;
  }

  /** Seconds until the card's sale opens by the server's clock: ceil, never below 0; null when unscheduled. */
  saleOpensInSeconds(card: Pick<CardJson, 'saleOpensAt'>): number | null {
    if (card.saleOpensAt === null) return null;
    return Math.max(0, Math.ceil((Date.parse(card.saleOpensAt) - this.serverNow()) / 1_000));
  }

  /** Opens the socket if none is open (manualSocket mode); it reconnects by itself until closeLive(). */
  openLive(): void {
    if (this.closed || this.incompatible || this.socket) return;
    this.openSocket();
  }

  /** Closes the socket and stops reconnecting; the snapshot stays. */
  closeLive(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    socket?.disconnect();
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.gapTimer);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.clockTimer);
    this.socket?.disconnect();
    this.socket = null;
    this.listeners.clear();
  }

  private openSocket(): LiveSocket {
    const factory: SocketFactory = this.options.io ?? ((url, options) => io(url, options));
    const socket = factory(`${this.options.baseUrl.replace(/\/$/, '')}/concerts`, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION },
    });
    this.socket = socket;
    socket.on('CONCERTS_REFRESH', (event) => this.onRefresh(event, this.localNow()));
    socket.on('CONCERTS_HEARTBEAT', (beat) => this.onHeartbeat(beat, this.localNow()));
    socket.on('connect', () => this.onConnect());
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (error) => this.onConnectError(error));
    return socket;
  }

  private onConnect(): void {
    this.reconnectAttempts = 0;
    this.listeners.emit('connection', { connected: true });
    this.notifyChange();
    if (this.everConnected) {
      // Whatever was published while we were away is in the snapshot.
      void this.resync().catch((error: unknown) => this.listeners.emit('error', error));
      void this.syncClock();
    } else if (this.options.manualSocket) {
      void this.syncClock();
    }
    this.everConnected = true;
  }

  private onDisconnect(reason: string): void {
    this.listeners.emit('connection', { connected: false, reason });
    this.notifyChange();
    // socket.io-client retries by itself except when the server sent us away (instance shutting
    // down): then we come back ourselves, to whichever instance the load balancer picks.
    if (reason === 'io server disconnect') this.reconnectLater();
  }

  private onConnectError(error: Error): void {
    this.listeners.emit('connection', { connected: false, reason: error.message });
    const refusal = protocolRefusalOf(error.message, (error as Error & { data?: unknown }).data);
    if (refusal) {
      // Retrying cannot help: stop here, and say why.
      this.refuse(refusal);
      return;
    }
    // A refusal by the server (e.g. "instance at capacity") is not retried by socket.io-client.
    if (this.socket && !this.socket.active) this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.reconnectTimer) return;
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.reconnectAttempts);
    this.reconnectAttempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closed) this.socket?.connect();
    }, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private onRefresh(event: RefreshEvent, receivedAtLocalMs: number): void {
    this.counters.eventsReceived += 1;
    this.follow(event);
    if (this.sequencer.accept(event.seq) === 'duplicate') {
      this.counters.duplicatesDropped += 1;
      return;
    }
    const outcome = this.store.applyEvent(event.seq, event.items, event.removedIds);
    this.counters.staleCardsIgnored += outcome.stale;
    this.listeners.emit('refresh', event, receivedAtLocalMs);
    this.notifyChange();
    this.watchForGap();
  }

  private onHeartbeat(beat: HeartbeatEvent, receivedAtLocalMs: number): void {
    this.counters.heartbeats += 1;
    this.follow(beat);
    this.sequencer.observeHead(beat.seq);
    this.listeners.emit('status', beat, receivedAtLocalMs);
    this.watchForGap();
  }

  /** Behind the known head: give the missing seq `gapWaitMs` to arrive, then re-read the snapshot. */
  private watchForGap(): void {
    if (!this.sequencer.isBehind()) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
      return;
    }
    if (this.gapTimer || this.closed) return;
    this.counters.gaps += 1;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.sequencer.isBehind()) void this.resync().catch((error: unknown) => this.listeners.emit('error', error));
    }, this.options.gapWaitMs ?? DEFAULTS.gapWaitMs);
  }

  private async readSnapshot(): Promise<void> {
    if (this.incompatible) throw this.incompatible;
    const url = new URL('/api/concerts/search', this.options.baseUrl);
    for (const [name, value] of Object.entries(this.options.query ?? {})) url.searchParams.set(name, String(value));
    url.searchParams.set('protocolVersion', String(PROTOCOL_VERSION));
    const sentAt = this.localNow();
    const response = await this.fetchImpl(url, { headers: { accept: 'application/json' } });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      const refusal = protocolRefusalOf(body?.error?.message ?? 'unsupported protocol version', body?.error);
      if (refusal) throw this.refuse(refusal);
      throw new Error(`snapshot failed: HTTP ${response.status} from ${url.pathname}`);
    }
    const snapshot = (await response.json()) as SearchResponse;
    // A server from before versions were stated writes none: that is version 1.
    const answeredIn = (snapshot as Partial<SearchResponse>).protocolVersion ?? 1;
    if (answeredIn !== PROTOCOL_VERSION) {
      throw this.refuse(new ProtocolVersionError(`the server answered in protocol version ${answeredIn}; this client speaks ${PROTOCOL_VERSION}`, [answeredIn]));
    }
    const receivedAt = this.localNow();
    if (this.closed) return;
    if (this.snapshotsRead > 0) this.counters.resyncs += 1;
    this.snapshotsRead += 1;
    this.store.applySnapshot(snapshot.seq, snapshot.items);
    this.sequencer.rebase(snapshot.seq);
    this.follow(snapshot);
    // Until time:sync has answered, the snapshot's server time is the best estimate we have.
    if (!this.clockSampled) this.offsetMs = snapshot.serverNowEpochMs - (sentAt + receivedAt) / 2;
    this.listeners.emit('resync', snapshot.seq, snapshot);
    this.notifyChange();
    this.watchForGap();
  }

  /**
   * Estimates the server clock from a few round trips, keeping the one with the smallest round
   * trip: `time:sync` over the socket when it is connected, else `GET /api/time` (polling mode has
   * no socket, and a snapshot's own server time is a single sample skewed by its processing time).
   */
  async syncClock(): Promise<void> {
    const socket = this.socket?.connected ? this.socket : null;
    const ask = socket
      ? (sentAt: number) => socket.timeout(DEFAULTS.ackTimeoutMs).emitWithAck('time:sync', sentAt) as Promise<TimeSyncAck>
      : (sentAt: number) => this.askServerTime(sentAt);
    const estimate = await sampleServerClock(ask, this.localNow, this.options.timeSyncSamples ?? DEFAULTS.timeSyncSamples);
    if (!estimate || this.closed) return;
    this.offsetMs = estimate.offsetMs;
    this.clockSampled = true;
    this.counters.clockSyncs += 1;
  }

  /** Stops for good after a protocol refusal: no socket, no timers; tells `error` listeners once. */
  private refuse(error: ProtocolVersionError): ProtocolVersionError {
    if (this.incompatible) return this.incompatible;
    this.incompatible = error;
    clearTimeout(this.gapTimer);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.socket?.disconnect();
    this.listeners.emit('error', error);
    return error;
  }

  /** The protocol refusal that stopped this client, or null. */
  protocolError(): ProtocolVersionError | null {
    return this.incompatible;
  }

  private async askServerTime(sentAtLocalMs: number): Promise<TimeSyncAck> {
    const response = await this.fetchImpl(new URL('/api/time', this.options.baseUrl), { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`clock sample failed: HTTP ${response.status}`);
    const { serverNowEpochMs } = (await response.json()) as ServerTime;
    return { serverNowEpochMs, clientSentAtMs: sentAtLocalMs };
  }

  /** The server decides the mode; every snapshot, refresh and heartbeat carries it. */
  private follow(source: RealtimeSettingsJson): void {
    const next = { realtimeMode: source.realtimeMode, hybridPollIntervalMillis: source.hybridPollIntervalMillis };
    const changed =
      !this.current ||
      this.current.realtimeMode !== next.realtimeMode ||
      this.current.hybridPollIntervalMillis !== next.hybridPollIntervalMillis;
    if (!changed) return;
    this.current = next;
    this.listeners.emit('mode', next);
    this.notifyChange();
  }

  private notifyChange(): void {
    if (!this.options.onChange || !this.current) return;
    this.options.onChange({
      cards: this.store.all(),
      seq: this.sequencer.lastContiguous(),
      settings: this.current,
      connected: this.isConnected(),
    });
  }
}
