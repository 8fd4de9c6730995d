// One database transaction around a reservation that carries an Idempotency-Key: the seats it
// takes and the answer kept under the key commit together, or neither does.

import type { ReservationRequests } from './reservation-requests.js';
import type { SeatInventory } from './seat-inventory.js';
import type { StoredConcerts } from './stored-concerts.js';

export interface ReservationStores {
  readonly concerts: StoredConcerts;
  readonly inventory: SeatInventory;
  readonly requests: ReservationRequests;
}

export interface ReservationTransactions {
  /** Runs `work` in one READ COMMITTED transaction; rolls back if it throws. */
  run<T>(work: (stores: ReservationStores) => Promise<T>): Promise<T>;
}
