// Who may take seats: only an open sale with the button enabled, and never more than are left.

import { SaleNotOpen, SeatsUnavailable } from '../errors.js';
import type { ConcertCard } from './card.js';

export const MAX_SEATS_PER_RESERVATION = 10;

/** Throws the domain error that explains why `quantity` seats cannot be reserved on `card`. */
export function assertReservable(card: ConcertCard, quantity: number): void {
  if (card.saleStatus === 'SOLD_OUT') throw new SeatsUnavailable(card.id, quantity, 0);
  if (!card.reservationButtonEnabled) throw new SaleNotOpen(card.id, card.saleStatus);
  if (card.availableSeatCount < quantity) throw new SeatsUnavailable(card.id, quantity, card.availableSeatCount);
}
