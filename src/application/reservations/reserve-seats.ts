// Reserve seats (a stand-in for the reservation system, so inventory and SOLD_OUT are real):
// the sale must be open, and the seats are taken by one conditional update that checks both again
// (seats left, sale started), so concurrent requests never oversell and an edit that moves the
// sale start cannot be raced. The seat change is published through the coalescing window.

import { buildCard, type ConcertCard } from '../../domain/card/card.js';
import { assertReservable } from '../../domain/card/reservation-policy.js';
import { ConcertNotFound, SeatsUnavailable } from '../../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { ConcertRepository } from '../ports/concert-repository.js';
import type { CoalesceInventoryChanges } from '../live/coalesce-inventory-changes.js';

export class ReserveSeats {
  constructor(
    private readonly concerts: ConcertRepository,
    private readonly inventoryChanges: CoalesceInventoryChanges,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number, quantity: number): Promise<ConcertCard> {
    const now = this.clock.now();
    const [stored] = await this.concerts.findByIds([concertId]);
    if (!stored) throw new ConcertNotFound(concertId);
    assertReservable(buildCard(stored.concert, stored.state.version, now), quantity);
    const concert = await this.concerts.takeSeats(concertId, quantity, now);
    if (!concert) {
      // Something committed since the read: say what the concert is like now.
      const [latest] = await this.concerts.findByIds([concertId]);
      if (!latest) throw new ConcertNotFound(concertId);
      assertReservable(buildCard(latest.concert, latest.state.version, now), quantity);
      throw new SeatsUnavailable(concertId, quantity, latest.concert.availableSeatCount);
    }
    this.inventoryChanges.seatsChanged(concertId, concert.availableSeatCount === 0);
    return buildCard(concert, stored.state.version, now);
  }
}
