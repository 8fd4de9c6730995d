// Test data for the live stream: a recorded change with sensible defaults (cards from the card mother).

import type { LiveEvent } from '../../src/application/ports/outbound/live-event-publisher.js';
import { aCard } from '../support/card-mother.js';

export { aCard };

export function aLiveEvent(overrides: Partial<LiveEvent> = {}): LiveEvent {
  return {
    seq: 1,
    reason: 'SALE_STATUS_TRANSITION',
    items: [aCard()],
    removedIds: [],
    boundaryAt: null,
    catalogue: null,
    recordedAt: 1_772_366_280_000,
    settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
    serverNowEpochMs: 1_772_366_280_010,
    ...overrides,
  };
}
