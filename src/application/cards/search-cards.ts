// Search: a page of cards plus what a client needs to stay current from it (server time, stream
// position, realtime mode). The stream `seq` is read before the cards, so every change with a
// higher seq is either already in the page or still to come on the socket.

import type { ConcertCard } from '../../domain/card/card.js';
import type { RealtimeSettings } from '../../domain/realtime/realtime-mode.js';
import type { Clock } from '../ports/clock.js';
import type { ConcertRepository, ConcertSearchQuery } from '../ports/concert-repository.js';
import type { LiveEventOutbox } from '../ports/live-event-outbox.js';
import type { CurrentRealtimeSettings } from '../live/current-realtime-settings.js';
import type { ConcertCardRuntimeUseCase } from './concert-card-runtime.js';

export interface CardSearchResult {
  readonly items: ConcertCard[];
  readonly page: number;
  readonly size: number;
  readonly totalElements: number;
  readonly totalPages: number;
  readonly hasNext: boolean;
  readonly serverNowEpochMs: number;
  readonly settings: RealtimeSettings;
  readonly seq: number;
}

export class SearchCards {
  constructor(
    private readonly concerts: ConcertRepository,
    private readonly outbox: LiveEventOutbox,
    private readonly runtime: ConcertCardRuntimeUseCase,
    private readonly settings: CurrentRealtimeSettings,
    private readonly clock: Clock,
  ) {}

  async execute(query: ConcertSearchQuery): Promise<CardSearchResult> {
    const [seq, settings] = await Promise.all([this.outbox.latestSeq(), this.settings.get()]);
    const found = await this.concerts.search(query);
    const now = this.clock.now();
    const totalPages = Math.ceil(found.totalElements / query.size);
    return {
      items: this.runtime.cardsOf(found.rows, now),
      page: query.page,
      size: query.size,
      totalElements: found.totalElements,
      totalPages,
      hasNext: query.page + 1 < totalPages,
      serverNowEpochMs: now,
      settings,
      seq,
    };
  }
}
