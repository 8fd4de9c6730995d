// Stores a concert with its card state the way a publication does (one transaction), on any
// storage — the fake or PostgreSQL — without going through a use case.

import type { PublishedCardState } from '../../src/domain/card/card-state.js';
import type { Concert, ConcertDetails } from '../../src/domain/card/concert.js';
import type { PublicationTransactions } from '../../src/application/ports/outbound/publication-transactions.js';
import { aConcert } from './concert-mother.js';

export async function storeConcert(
  transactions: PublicationTransactions,
  overrides: Partial<ConcertDetails> = {},
  state: Partial<Omit<PublishedCardState, 'concertId'>> = {},
  now = Date.UTC(2026, 0, 1),
): Promise<Concert> {
  return transactions.run(async (stores) => {
    const concert = await stores.catalogue.insert(aConcert(overrides), now);
    await stores.cardStates.create({
      concertId: concert.id,
      version: 1,
      publishedStatus: 'UNSCHEDULED',
      publishedAvailableSeatCount: concert.availableSeatCount,
      nextBoundaryAt: null,
      ...state,
    });
    return concert;
  });
}
