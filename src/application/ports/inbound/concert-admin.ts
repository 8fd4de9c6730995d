// What an operator does: add, edit and remove concerts, and switch the realtime mode. Every change
// is published on the live stream before the call returns.

import type { ConcertCard } from '../../../domain/card/card.js';
import type { ConcertDetails } from '../../../domain/card/concert.js';
import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';

export interface CreateConcertUseCase {
  execute(details: ConcertDetails): Promise<ConcertCard>;
}

export interface UpdateConcertUseCase {
  /** Any subset of the details; `generalSaleStartAt: null` unschedules. Throws ConcertNotFound, InvalidConcert. */
  execute(concertId: number, edit: Partial<ConcertDetails>): Promise<ConcertCard>;
}

export interface DeleteConcertUseCase {
  /** Throws ConcertNotFound. */
  execute(concertId: number): Promise<void>;
}

export interface ChangeRealtimeSettingsUseCase {
  execute(settings: RealtimeSettings): Promise<RealtimeSettings>;
}
