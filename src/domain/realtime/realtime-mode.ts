// How clients stay current: the server decides, clients follow (CONTRACT.md, "Realtime modes").

export const REALTIME_MODES = ['websocket', 'hybrid', 'polling'] as const;
export type RealtimeMode = (typeof REALTIME_MODES)[number];

/** The hybrid (and polling) snapshot interval a deployment may choose, in ms. */
export const POLL_INTERVAL_MIN_MS = 1_000;
export const POLL_INTERVAL_MAX_MS = 3_600_000;

export interface RealtimeSettings {
  readonly mode: RealtimeMode;
  readonly hybridPollIntervalMillis: number;
}

export const LIVE_EVENT_REASONS = [
  'SALE_STATUS_TRANSITION',
  'INVENTORY_CHANGED',
  'CONCERT_UPDATED',
  'CONCERT_REMOVED',
  'REALTIME_MODE_CHANGED',
] as const;
export type LiveEventReason = (typeof LIVE_EVENT_REASONS)[number];
