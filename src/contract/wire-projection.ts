// The one projection onto the wire, shared by every adapter that publishes cards (HTTP, Socket.IO):
// field by field, so whatever object is handed over, the wire carries exactly the contract.

import type { CardJson, ServerTime } from './wire.js';

export function toCardJson(card: CardJson): CardJson {
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

/** Server time as clients sample it: ISO-8601 UTC with milliseconds, and the same instant in ms. */
export function serverTime(epochMs: number): ServerTime {
  return { serverNow: new Date(epochMs).toISOString(), serverNowEpochMs: epochMs };
}
