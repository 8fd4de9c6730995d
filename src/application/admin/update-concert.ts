// Admin: edit a concert (any subset of fields; `generalSaleStartAt: null` unschedules it). A visible
// change bumps the card version and is announced (CONCERT_UPDATED); a new sale start moves the
// card's next boundary. Like every publication it locks the card state first and reads the concert
// and the clock after, so it never undoes a change published while it waited.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import { publishedStateOf } from '../../domain/card/card-state.js';
import { nextTimeBoundary } from '../../domain/card/time-boundary.js';
import { ConcertNotFound, InvalidConcert } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { TransactionalStores, UnitOfWork } from '../ports/unit-of-work.js';
import { storeLocked, type PublishCardChanges } from '../live/publish-card-changes.js';

export class UpdateConcert {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly publication: PublishCardChanges,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number, edit: Partial<ConcertDetails>): Promise<ConcertCard> {
    const outcome = await this.unitOfWork.transaction(async (stores) => {
      await stores.cardStates.lock([concertId]);
      const now = this.clock.now();
      const [stored] = await stores.concerts.findByIds([concertId]);
      if (!stored) throw new ConcertNotFound(concertId);
      const details = { ...detailsOf(stored.concert), ...edit };
      if (sameDetails(detailsOf(stored.concert), details)) return buildCard(stored.concert, stored.state.version, now);
      const concert = (await stores.concerts.update(concertId, details)) ?? (await refusal(stores, concertId, details.totalSeatCount));
      const card = buildCard(concert, stored.state.version + 1, now);
      await storeLocked(stores, stored.state.version, publishedStateOf(card, nextTimeBoundary(concert.generalSaleStartAt, now)));
      return stores.outbox.append({ reason: 'CONCERT_UPDATED', items: [card], removedIds: [], boundaryAt: null }, now);
    });
    if (!('seq' in outcome)) return outcome;
    await this.publication.afterCommit(outcome);
    return outcome.items[0] as ConcertCard;
  }
}

/** Why the update wrote nothing: the concert is gone, or more seats are reserved than the new total. */
async function refusal(stores: TransactionalStores, concertId: number, totalSeatCount: number): Promise<never> {
  const [current] = await stores.concerts.findByIds([concertId]);
  if (!current) throw new ConcertNotFound(concertId);
  const soldSeats = current.concert.totalSeatCount - current.concert.availableSeatCount;
  throw new InvalidConcert('totalSeatCount', `totalSeatCount ${totalSeatCount} cannot go below the ${soldSeats} seats already reserved`);
}

function detailsOf(concert: Concert): ConcertDetails {
  const { id: _id, availableSeatCount: _available, ...details } = concert;
  return details;
}

function sameDetails(a: ConcertDetails, b: ConcertDetails): boolean {
  return (Object.keys(a) as (keyof ConcertDetails)[]).every((key) => a[key] === b[key]);
}
