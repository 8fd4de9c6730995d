// The published wire contract (CONTRACT.md): JSON shapes of HTTP responses and Socket.IO events.
// Pure type declarations with no imports, so the browser client can import them type-only.

export type SaleStatus = 'UNSCHEDULED' | 'PREOPEN' | 'OPEN_SOON_1H' | 'OPEN_SOON_5M' | 'OPEN' | 'SOLD_OUT';
export type RealtimeMode = 'websocket' | 'hybrid' | 'polling';
export type RefreshReason =
  | 'SALE_STATUS_TRANSITION'
  | 'INVENTORY_CHANGED'
  | 'CONCERT_UPDATED'
  | 'CONCERT_REMOVED'
  | 'REALTIME_MODE_CHANGED';

export interface CardJson {
  id: number;
  title: string;
  artistName: string;
  artistDisplayName: string | null;
  artistGenre: string | null;
  artistDebutDate: string | null;
  entertainmentName: string | null;
  entertainmentCountryCode: string | null;
  entertainmentHomepageUrl: string | null;
  promoterName: string | null;
  promoterCountryCode: string | null;
  promoterHomepageUrl: string | null;
  thumbnailUrl: string | null;
  youtubeVideoUrl: string | null;
  saleStatus: SaleStatus;
  saleOpensAt: string | null;
  saleOpensInSeconds: number | null;
  reservationButtonVisible: boolean;
  reservationButtonEnabled: boolean;
  availableSeatCount: number;
  totalSeatCount: number;
  remainingRate: number | null;
  version: number;
}

export interface ServerTime {
  serverNow: string;
  serverNowEpochMs: number;
}

export interface RealtimeSettingsJson {
  realtimeMode: RealtimeMode;
  hybridPollIntervalMillis: number;
}

export interface SearchResponse extends ServerTime, RealtimeSettingsJson {
  items: CardJson[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
  hasNext: boolean;
  seq: number;
}

export interface CardResponse extends ServerTime {
  card: CardJson;
  seq: number;
}

export interface HighlightsResponse extends ServerTime, RealtimeSettingsJson {
  openingSoon: CardJson[];
  sellOutRisk: CardJson[];
  seq: number;
}

export interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

/** Socket.IO namespace `/concerts`; server events `CONCERTS_REFRESH` and `CONCERTS_HEARTBEAT`; `time:sync` with ack. */
export interface LiveEvents {
  CONCERTS_REFRESH: (event: RefreshEvent) => void;
  CONCERTS_HEARTBEAT: (event: HeartbeatEvent) => void;
}

export interface LiveRequests {
  'time:sync': (clientSentAtMs: number, ack: (reply: TimeSyncAck) => void) => void;
}

export interface RefreshEvent extends ServerTime, RealtimeSettingsJson {
  event: 'CONCERTS_REFRESH';
  seq: number;
  reason: RefreshReason;
  items: CardJson[];
  removedIds: number[];
  instanceId: string;
}

export interface HeartbeatEvent extends ServerTime, RealtimeSettingsJson {
  seq: number;
}

export interface TimeSyncAck {
  serverNowEpochMs: number;
  clientSentAtMs: number;
}
