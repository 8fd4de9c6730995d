// Translates what the application publishes (LiveEvent, StreamStatus) into the wire payloads of
// CONTRACT.md "Socket.IO". Pure mapping: the room, the clock and the stream are decided elsewhere.

import type { StreamStatus } from '../../application/live/stream-status.js';
import type { LiveEvent } from '../../application/ports/live-event-publisher.js';
import type { ConcertCard } from '../../domain/card/card.js';
import type { CardJson, HeartbeatEvent, RefreshEvent } from '../../contract/wire.js';

/** The room every `/concerts` socket joins on connection. */
export const LIVE_TOPIC = '/topic/concerts/live';
export const LIVE_NAMESPACE = '/concerts';

export const REFRESH_EVENT = 'CONCERTS_REFRESH';
export const HEARTBEAT_EVENT = 'CONCERTS_HEARTBEAT';
export const TIME_SYNC_EVENT = 'time:sync';

export function toRefreshEvent(event: LiveEvent, instanceId: string): RefreshEvent {
  return {
    event: REFRESH_EVENT,
    seq: event.seq,
    reason: event.reason,
    items: event.items.map(toCardJson),
    removedIds: [...event.removedIds],
    serverNow: new Date(event.serverNowEpochMs).toISOString(),
    serverNowEpochMs: event.serverNowEpochMs,
    realtimeMode: event.settings.mode,
    hybridPollIntervalMillis: event.settings.hybridPollIntervalMillis,
    instanceId,
  };
}

export function toHeartbeatEvent(status: StreamStatus): HeartbeatEvent {
  return {
    seq: status.seq,
    serverNow: new Date(status.serverNowEpochMs).toISOString(),
    serverNowEpochMs: status.serverNowEpochMs,
    realtimeMode: status.settings.mode,
    hybridPollIntervalMillis: status.settings.hybridPollIntervalMillis,
  };
}

/** Field by field, so whatever object the application hands over, the wire carries exactly the contract. */
export function toCardJson(card: ConcertCard): CardJson {
  return {
    id: card.id,
    title: card.title,
    artistName: card.artistName,
    artistDisplayName: card.artistDisplayName,
    artistGenre: card.artistGenre,
    artistDebutDate: card.artistDebutDate,
    entertainmentName: card.entertainmentName,
    entertainmentCountryCode: card.entertainmentCountryCode,
    entertainmentHomepageUrl: card.entertainmentHomepageUrl,
    promoterName: card.promoterName,
    promoterCountryCode: card.promoterCountryCode,
    promoterHomepageUrl: card.promoterHomepageUrl,
    thumbnailUrl: card.thumbnailUrl,
    youtubeVideoUrl: card.youtubeVideoUrl,
    saleStatus: card.saleStatus,
    saleOpensAt: card.saleOpensAt,
    saleOpensInSeconds: card.saleOpensInSeconds,
    reservationButtonVisible: card.reservationButtonVisible,
    reservationButtonEnabled: card.reservationButtonEnabled,
    availableSeatCount: card.availableSeatCount,
    totalSeatCount: card.totalSeatCount,
    remainingRate: card.remainingRate,
    version: card.version,
  };
}
