// What a client reads: a page of cards (ConcertSearchQuery), one card, the highlights. Each answer carries what a client
// needs to stay current from it (server time, stream position, realtime mode).

import type { ConcertCard } from '../../../domain/card/card.js';
import type { ConcertSearchQuery } from '../../../domain/card/card-query.js';
import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';

export interface CardSearchResult {
  readonly items: readonly ConcertCard[];
  readonly page: number;
  readonly size: number;
  readonly totalElements: number;
  readonly totalPages: number;
  readonly hasNext: boolean;
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
  readonly seq: number;
  readonly epoch: string;
}

export interface CardSnapshot {
  readonly card: ConcertCard;
  readonly serverNowEpochMs: number;
  readonly seq: number;
  readonly epoch: string;
}

export interface Highlights {
  readonly openingSoon: readonly ConcertCard[];
  readonly sellOutRisk: readonly ConcertCard[];
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
  readonly seq: number;
  readonly epoch: string;
}

export interface HighlightLimits {
  readonly openingSoonLimit: number;
  readonly sellOutRiskLimit: number;
}

export interface SearchCardsUseCase {
  execute(query: ConcertSearchQuery): Promise<CardSearchResult>;
}

export interface GetCardUseCase {
  /** Throws ConcertNotFound. */
  execute(concertId: number): Promise<CardSnapshot>;
}

export interface GetHighlightsUseCase {
  execute(limits: HighlightLimits): Promise<Highlights>;
}
