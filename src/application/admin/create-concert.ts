// Admin: add a concert. Its card starts at the first version and is announced (CONCERT_UPDATED) in
// the same transaction; its first time boundary is scheduled after commit.

import type { ConcertCard } from '../../domain/card/card.js';
import type { ConcertDetails } from '../../domain/card/concert.js';
import type { CreateConcertUseCase } from '../ports/inbound/concert-admin.js';
import { onlyCard, type CardPublication } from '../publication/card-publication.js';

export class CreateConcert implements CreateConcertUseCase {
  constructor(private readonly publication: CardPublication) {}

  async execute(details: ConcertDetails): Promise<ConcertCard> {
    const published = await this.publication.publish({
      reason: 'CONCERT_UPDATED',
      concertIds: [],
      write: async ({ catalogue }, { now }) => ({ created: [await catalogue.insert(details, now)] }),
    });
    return onlyCard(published);
  }
}
