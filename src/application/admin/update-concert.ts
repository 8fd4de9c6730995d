// Admin: edit a concert (any subset of fields; `generalSaleStartAt: null` unschedules it). A visible
// change bumps the card version and is announced (CONCERT_UPDATED); a new sale start moves the
// card's next boundary. The edit retries when a concurrent publication won the compare-and-set.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import { publishedStateOf } from '../../domain/card/card-state.js';
import { nextTimeBoundary } from '../../domain/card/time-boundary.js';
import { ConcertNotFound, InvalidConcert } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { RecordedLiveChange } from '../ports/live-event-outbox.js';
import type { UnitOfWork } from '../ports/unit-of-work.js';
import type { PublishCardChanges } from '../live/publish-card-changes.js';

const MAX_ATTEMPTS = 5;

class LostRace extends Error {}

export class UpdateConcert {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly publication: PublishCardChanges,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number, edit: Partial<ConcertDetails>): Promise<ConcertCard> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await this.attempt(concertId, edit);
        if ('seq' in outcome) {
          await this.publication.afterCommit(outcome);
          return outcome.items[0] as ConcertCard;
        }
        return outcome;
      } catch (error) {
        if (!(error instanceof LostRace) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private attempt(concertId: number, edit: Partial<ConcertDetails>): Promise<RecordedLiveChange | ConcertCard> {
    const now = this.clock.now();
    return this.unitOfWork.transaction(async (stores) => {
      const [stored] = await stores.concerts.findByIds([concertId]);
      if (!stored) throw new ConcertNotFound(concertId);
      const details = { ...detailsOf(stored.concert), ...edit };
      const soldSeats = stored.concert.totalSeatCount - stored.concert.availableSeatCount;
      if (details.totalSeatCount < soldSeats) {
        throw new InvalidConcert('totalSeatCount', `totalSeatCount cannot go below the ${soldSeats} seats already reserved`);
      }
      if (sameDetails(detailsOf(stored.concert), details)) return buildCard(stored.concert, stored.state.version, now);
      const concert = await stores.concerts.update(concertId, details);
      if (!concert) throw new ConcertNotFound(concertId);
      const card = buildCard(concert, stored.state.version + 1, now);
      const won = await stores.cardStates.compareAndSet(stored.state.version, publishedStateOf(card, nextTimeBoundary(concert.generalSaleStartAt, now)));
      if (!won) throw new LostRace();
      return stores.outbox.append({ reason: 'CONCERT_UPDATED', items: [card], removedIds: [], boundaryAt: null }, now);
    });
  }
}

function detailsOf(concert: Concert): ConcertDetails {
  const { id: _id, availableSeatCount: _available, ...details } = concert;
  return details;
}

function sameDetails(a: ConcertDetails, b: ConcertDetails): boolean {
  return (Object.keys(a) as (keyof ConcertDetails)[]).every((key) => a[key] === b[key]);
}
