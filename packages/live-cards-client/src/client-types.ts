// What LiveCardsClient takes and tells: its options, its state, its counters and its events.

import type { SocketFactory } from './live-connection.js';
import type { Timers } from './timers.js';
import type { CardJson, HeartbeatEvent, RealtimeSettingsJson, RefreshEvent, SearchResponse } from './wire.js';

export interface LiveCardsClientOptions {
  /** Origin of the service, e.g. `https://cards.example.com` or `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** The local clock (epoch ms); injectable so tests can skew it. */
  readonly localNow?: () => number;
  /** The timers announced flips are applied with; injectable for tests. */
  readonly timers?: Timers;
  /** Search parameters of the snapshot (`keyword`, `saleStatus`, `page`, `size`, `sort`, ...). */
  readonly query?: Readonly<Record<string, string | number>>;
  /** How long a missing seq may take to arrive before the client catches up (replay, else snapshot). */
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
  /** CONCERTS_REFRESH messages received, duplicates and catalogue notices included. */
  readonly eventsReceived: number;
  /** Messages dropped because their seq was already applied or covered by a snapshot. */
  readonly duplicatesDropped: number;
  /** Card updates ignored because the card already had that version or a newer one. */
  readonly staleCardsIgnored: number;
  /** Snapshots ignored because one newer had already been applied (another instance's cached answer). */
  readonly staleSnapshotsIgnored: number;
  readonly heartbeats: number;
  /** Times the client found itself behind (a seq gap or a heartbeat ahead of it). */
  readonly gaps: number;
  /** Watching some cards: times a card's version jumped by more than one (a change of it missed), each asking for a replay. */
  readonly versionGaps: number;
  /** Snapshot reads after the first one. */
  readonly resyncs: number;
  /** `cards:watch` with afterSeq the server served, and the events it replayed. */
  readonly replays: number;
  readonly replayedEvents: number;
  /** Replays the server could not serve (`resyncRequired`), answered by a snapshot read. */
  readonly resyncsRequired: number;
  readonly clockSyncs: number;
  /** Times an announced change came due and was shown without a message. */
  readonly flips: number;
}

export interface ConnectionState {
  readonly connected: boolean;
  readonly reason?: string;
}

export interface LiveCardsEvents {
  /** An event that was applied (not a duplicate; catalogue notices too), with its local receipt time. */
  refresh: (event: RefreshEvent, receivedAtLocalMs: number) => void;
  status: (heartbeat: HeartbeatEvent, receivedAtLocalMs: number) => void;
  connection: (state: ConnectionState) => void;
  mode: (settings: RealtimeSettingsJson) => void;
  /** A snapshot was read and applied (its items are what the query answers, in the server's order). */
  resync: (seq: number, snapshot: SearchResponse) => void;
  /** An announced change came due on some card (cards() shows it now), at this local instant. */
  flip: (localMs: number) => void;
  error: (error: unknown) => void;
}

export const CLIENT_DEFAULTS = { gapWaitMs: 1_000, timeSyncSamples: 5, clockResyncEveryMs: 60_000 } as const;
