// ConcertCardRuntimeUseCase: the one place where cards are computed from stored concerts at a
// server instant. Search, the single-card endpoint and live publication all go through it.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import type { ConcertRepository, StoredConcert } from '../ports/concert-repository.js';

export interface ConcertCardRuntimeUseCase {
  /** Cards for the ids that exist, in the order of `ids`, as the server sees them at `now`. */
  resolveCards(ids: readonly number[], now: number): Promise<ConcertCard[]>;
  /** Cards for already loaded concerts, at their current published version. */
  cardsOf(stored: readonly StoredConcert[], now: number): ConcertCard[];
}

export class ConcertCardRuntime implements ConcertCardRuntimeUseCase {
  constructor(private readonly concerts: ConcertRepository) {}

  async resolveCards(ids: readonly number[], now: number): Promise<ConcertCard[]> {
    const stored = await this.concerts.findByIds(ids);
    const byId = new Map(stored.map((s) => [s.concert.id, s]));
    return this.cardsOf(
      ids.flatMap((id) => byId.get(id) ?? []),
      now,
    );
  }

  cardsOf(stored: readonly StoredConcert[], now: number): ConcertCard[] {
    return stored.map(({ concert, state }) => buildCard(concert, state.version, now));
  }
}
