// Admin: add a concert. Its card state starts at version 1 and the new card is announced
// (CONCERT_UPDATED) in the same transaction; its first time boundary is scheduled after commit.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import type { ConcertDetails } from '../../domain/card/concert.js';
import { publishedStateOf } from '../../domain/card/card-state.js';
import { nextTimeBoundary } from '../../domain/card/time-boundary.js';
import type { Clock } from '../ports/clock.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { PublishCardChanges } from '../live/publish-card-changes.js';

export const FIRST_CARD_VERSION = 1;

export class CreateConcert {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly publication: PublishCardChanges,
    private readonly clock: Clock,
  ) {}

  async execute(details: ConcertDetails): Promise<ConcertCard> {
    const now = this.clock.now();
    const recorded = await this.unitOfWork.transaction(async (stores) => {
      const concert = await stores.concerts.insert(details);
      const card = buildCard(concert, FIRST_CARD_VERSION, now);
      await stores.cardStates.create(publishedStateOf(card, nextTimeBoundary(concert.generalSaleStartAt, now)));
      return stores.outbox.append({ reason: 'CONCERT_UPDATED', items: [card], removedIds: [], boundaryAt: null }, now);
    });
    await this.publication.afterCommit(recorded);
    return recorded.items[0] as ConcertCard;
  }
}
