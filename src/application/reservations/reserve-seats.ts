// Reserve seats (a stand-in for the reservation system, so inventory and SOLD_OUT are real):
// the sale must be open, and the seats are taken by one conditional update, so concurrent
// requests never oversell. The seat change is published through the coalescing window.

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
    const [stored] = await this.concerts.findByIds([concertId]);
    if (!stored) throw new ConcertNotFound(concertId);
    assertReservable(buildCard(stored.concert, stored.state.version, this.clock.now()), quantity);
    const concert = await this.concerts.takeSeats(concertId, quantity);
    if (!concert) {
      const [latest] = await this.concerts.findByIds([concertId]);
      throw new SeatsUnavailable(concertId, quantity, latest?.concert.availableSeatCount ?? 0);
    }
    this.inventoryChanges.seatsChanged(concertId, concert.availableSeatCount === 0);
    return buildCard(concert, stored.state.version, this.clock.now());
  }
}
