// Reserve seats (a stand-in for the reservation system, so inventory and SOLD_OUT are real):
// the sale must be open, and the seats are taken by one conditional update that checks both again
// (seats left, sale started), so concurrent requests never oversell and an edit that moves the
// sale start cannot be raced. The seat change is published through the coalescing window.
//
// With an Idempotency-Key, the request runs in a reservation transaction: it claims the key (a
// concurrent retry waits for it), takes the seats and stores the answer, all committed together —
// so a retry after a lost response gets the first answer and never takes seats twice, and a
// failure that rolls back (the database unavailable) leaves the key free for the retry. Refusals
// (sale not open, too few seats) are answers too: they are kept and given again. A key already
// used for another concert or quantity is refused. Without a key, the seats are taken by one
// autocommit statement, as cheap as before. Reservations stay out of the publication engine: a
// seat change is published by the coalescing window, not per request.

import type { ConcertCard } from '../../domain/card/card.js';
import { assertReservable } from '../../domain/card/reservation-policy.js';
import { ConcertNotFound, SaleNotOpen, SeatsUnavailable } from '../../domain/errors.js';
import { currentCard } from '../../domain/card/card-state.js';
import type { Clock } from '../ports/clock.js';
import { IdempotencyKeyReused, ReplayedRefusal, type Reservation, type ReserveSeatsUseCase } from '../ports/inbound/reserve-seats.js';
import type { ReservationOutcome } from '../ports/outbound/reservation-requests.js';
import type { ReservationTransactions } from '../ports/outbound/reservation-transactions.js';
import type { SeatInventory } from '../ports/outbound/seat-inventory.js';
import type { StoredConcerts } from '../ports/outbound/stored-concerts.js';
import type { InventoryCoalescer } from '../publication/inventory-coalescer.js';

export class ReserveSeats implements ReserveSeatsUseCase {
  constructor(
    private readonly concerts: StoredConcerts,
    private readonly inventory: SeatInventory,
    private readonly transactions: ReservationTransactions,
    private readonly coalescer: Pick<InventoryCoalescer, 'seatsChanged'>,
    private readonly clock: Clock,
    /** How long an answer is kept under its key (IDEMPOTENCY_KEY_RETENTION_MS). */
    private readonly keyRetentionMs: number,
  ) {}

  async execute(concertId: number, quantity: number, idempotencyKey: string | null = null): Promise<Reservation> {
    const now = this.clock.now();
    if (idempotencyKey === null) return this.settle(await attempt(this.concerts, this.inventory, concertId, quantity, now), false, concertId);
    const fingerprint = `${concertId}:${quantity}`;
    const { outcome, replayed } = await this.transactions.run(async (stores) => {
      const answered = await stores.requests.claim(idempotencyKey, now);
      if (answered) {
        if (answered.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
        return { outcome: answered.outcome, replayed: true };
      }
      const fresh = await attempt(stores.concerts, stores.inventory, concertId, quantity, now);
      await stores.requests.record(idempotencyKey, { fingerprint, concertId, outcome: fresh }, now + this.keyRetentionMs);
      return { outcome: fresh, replayed: false };
    });
    return this.settle(outcome, replayed, concertId);
  }

  /** The reservation, or the refusal thrown; a fresh seat change goes to the coalescing window. */
  private settle(outcome: ReservationOutcome, replayed: boolean, concertId: number): Reservation {
    if (outcome.kind === 'reserved') {
      if (!replayed) this.coalescer.seatsChanged(outcome.card.id, outcome.card.availableSeatCount === 0);
      return { card: outcome.card, replayed };
    }
    const refusal =
      outcome.kind === 'sale-not-open' ? new SaleNotOpen(concertId, outcome.saleStatus) : new SeatsUnavailable(concertId, outcome.requested, outcome.available);
    throw replayed ? new ReplayedRefusal(refusal) : refusal;
  }
}

/** One try at the seats: the outcome, or ConcertNotFound (thrown: nothing to remember). */
async function attempt(concerts: StoredConcerts, inventory: SeatInventory, concertId: number, quantity: number, now: number): Promise<ReservationOutcome> {
  const [stored] = await concerts.findByIds([concertId]);
  if (!stored) throw new ConcertNotFound(concertId);
  const refused = refusalOf(currentCard(stored.concert, stored.state, now), quantity);
  if (refused) return refused;
  const concert = await inventory.takeSeats(concertId, quantity, now);
  if (concert) return { kind: 'reserved', card: currentCard(concert, stored.state, now) };
  // Something committed since the read: say what the concert is like now.
  const [latest] = await concerts.findByIds([concertId]);
  if (!latest) throw new ConcertNotFound(concertId);
  return refusalOf(currentCard(latest.concert, latest.state, now), quantity) ?? { kind: 'seats-unavailable', requested: quantity, available: latest.concert.availableSeatCount };
}

function refusalOf(card: ConcertCard, quantity: number): ReservationOutcome | null {
  try {
    assertReservable(card, quantity);
    return null;
  } catch (error) {
    if (error instanceof SaleNotOpen) return { kind: 'sale-not-open', saleStatus: error.saleStatus };
    if (error instanceof SeatsUnavailable) return { kind: 'seats-unavailable', requested: error.requested, available: error.available };
    throw error;
  }
}
