// What a buyer does (a stand-in for the reservation system, so inventory and SOLD_OUT are real).

import type { ConcertCard } from '../../../domain/card/card.js';

export interface ReserveSeatsUseCase {
  /** The card after the seats were taken. Throws ConcertNotFound, SaleNotOpen, SeatsUnavailable. */
  execute(concertId: number, quantity: number): Promise<ConcertCard>;
}
