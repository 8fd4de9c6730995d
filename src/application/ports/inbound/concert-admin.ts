// What an operator does: add, edit and remove concerts, switch the realtime mode and read where the
// mode in force came from. Every change is published on the live stream before the call returns.

import type { ConcertCard } from '../../../domain/card/card.js';
import type { ConcertDetails } from '../../../domain/card/concert.js';
import type { RealtimeSettings } from '../../../domain/realtime/realtime-mode.js';
import type { RealtimeSettingsRecord } from '../../../domain/realtime/realtime-rollout.js';

export type { RealtimeSettingsRecord, RealtimeSettingsSource } from '../../../domain/realtime/realtime-rollout.js';

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

export interface GetRealtimeSettingsUseCase {
  execute(): Promise<RealtimeSettingsRecord>;
}
