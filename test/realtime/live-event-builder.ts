// Test data for the live stream: a card and a recorded change with sensible defaults.

import type { LiveEvent } from '../../src/application/ports/live-event-publisher.js';
import type { ConcertCard } from '../../src/domain/card/card.js';

export function aCard(overrides: Partial<ConcertCard> = {}): ConcertCard {
  return {
    id: 1,
    title: 'Spring Tour',
    artistName: 'The Examples',
    artistDisplayName: null,
    artistGenre: null,
    artistDebutDate: '2019-04-01',
    entertainmentName: 'Example Ent.',
    entertainmentCountryCode: 'KR',
    entertainmentHomepageUrl: 'https://example.com/',
    promoterName: null,
    promoterCountryCode: null,
    promoterHomepageUrl: null,
    thumbnailUrl: null,
    youtubeVideoUrl: null,
    saleStatus: 'OPEN_SOON_5M',
    saleOpensAt: '2026-03-01T12:00:00.000Z',
    saleOpensInSeconds: 120,
    reservationButtonVisible: false,
    reservationButtonEnabled: false,
    availableSeatCount: 100,
    totalSeatCount: 100,
    remainingRate: 1,
    version: 1,
    ...overrides,
  };
}

export function aLiveEvent(overrides: Partial<LiveEvent> = {}): LiveEvent {
  return {
    seq: 1,
    reason: 'SALE_STATUS_TRANSITION',
    items: [aCard()],
    removedIds: [],
    boundaryAt: null,
    recordedAt: 1_772_366_280_000,
    settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
    serverNowEpochMs: 1_772_366_280_010,
    ...overrides,
  };
}
