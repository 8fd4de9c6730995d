// Reserve seats (a stand-in for the reservation system, so inventory and SOLD_OUT are real):
// the sale must be open, and the seats are taken by one conditional update that checks both again
// (seats left, sale started), so concurrent requests never oversell and an edit that moves the
// sale start cannot be raced. The seat change is published through the coalescing window.

import type { ConcertCard } from '../../domain/card/card.js';
import { assertReservable } from '../../domain/card/reservation-policy.js';
import { ConcertNotFound, SeatsUnavailable } from '../../domain/errors.js';
import { currentCard } from '../../domain/card/card-state.js';
import type { Clock } from '../ports/clock.js';
import type { ReserveSeatsUseCase } from '../ports/inbound/reserve-seats.js';
import type { SeatInventory } from '../ports/outbound/seat-inventory.js';
import type { StoredConcerts } from '../ports/outbound/stored-concerts.js';
import type { InventoryCoalescer } from '../publication/inventory-coalescer.js';

export class ReserveSeats implements ReserveSeatsUseCase {
  constructor(
    private readonly concerts: StoredConcerts,
    private readonly inventory: SeatInventory,
    private readonly coalescer: Pick<InventoryCoalescer, 'seatsChanged'>,
    private readonly clock: Clock,
  ) {}

  async execute(concertId: number, quantity: number): Promise<ConcertCard> {
    const now = this.clock.now();
    const [stored] = await this.concerts.findByIds([concertId]);
    if (!stored) throw new ConcertNotFound(concertId);
    assertReservable(currentCard(stored.concert, stored.state, now), quantity);
    const concert = await this.inventory.takeSeats(concertId, quantity, now);
    if (!concert) {
      // Something committed since the read: say what the concert is like now.
      const [latest] = await this.concerts.findByIds([concertId]);
      if (!latest) throw new ConcertNotFound(concertId);
      assertReservable(currentCard(latest.concert, latest.state, now), quantity);
      throw new SeatsUnavailable(concertId, quantity, latest.concert.availableSeatCount);
    }
    this.coalescer.seatsChanged(concertId, concert.availableSeatCount === 0);
    return currentCard(concert, stored.state, now);
  }
}
