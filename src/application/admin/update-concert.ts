// Admin: edit a concert (any subset of fields; `generalSaleStartAt: null` unschedules it). A visible
// change bumps the card version and is announced (CONCERT_UPDATED); a new sale start moves the
// card's next boundary. An edit that changes nothing publishes nothing. The engine locks the card
// first and reads the concert after, so an edit never undoes a change published while it waited.

import type { ConcertCard } from '../../domain/card/card.js';
import { editedDetails, seatsSold, type ConcertDetails } from '../../domain/card/concert.js';
import { ConcertNotFound, InvalidConcert } from '../../domain/errors.js';
import type { UpdateConcertUseCase } from '../ports/inbound/concert-admin.js';
import type { EditingStores } from '../ports/outbound/publication-transactions.js';
import { onlyCard, type CardPublication } from '../publication/card-publication.js';

export class UpdateConcert implements UpdateConcertUseCase {
  constructor(private readonly publication: CardPublication) {}

  async execute(concertId: number, edit: Partial<ConcertDetails>): Promise<ConcertCard> {
    const published = await this.publication.publish({
      reason: 'CONCERT_UPDATED',
      concertIds: [concertId],
      write: async (stores, { now, stored: [locked] }) => {
        if (!locked) throw new ConcertNotFound(concertId);
        const details = editedDetails(locked.concert, edit);
        if (details === null) return {};
        const concert = (await stores.catalogue.update(concertId, details, now)) ?? (await refusal(stores, concertId, details.totalSeatCount));
        return { edited: [concert] };
      },
    });
    return onlyCard(published);
  }
}

/** Why the update wrote nothing: more seats are sold (now) than the new total. */
async function refusal(stores: EditingStores, concertId: number, totalSeatCount: number): Promise<never> {
  const [current] = await stores.concerts.findByIds([concertId]);
  if (!current) throw new ConcertNotFound(concertId);
  throw new InvalidConcert('totalSeatCount', `totalSeatCount ${totalSeatCount} cannot go below the ${seatsSold(current.concert)} seats already reserved`);
}
