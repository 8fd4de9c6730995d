// Inside a publication's transaction: add, edit and remove concerts.

import type { Concert, ConcertDetails } from '../../../domain/card/concert.js';

export interface ConcertCatalogue {
  /** Inserts the concert with all seats available, stamped `now`; returns it with its new id. */
  insert(details: ConcertDetails, now: number): Promise<Concert>;
  /**
   * Replaces the editable fields, stamped `now`. When `totalSeatCount` changes, available seats
   * move by the same difference. Returns null when the concert does not exist or, at the moment of
   * the write, has more seats sold than the new `totalSeatCount` (a reservation may commit after
   * the caller read the concert).
   */
  update(id: number, details: ConcertDetails, now: number): Promise<Concert | null>;
  /** Returns false when the concert did not exist. Its card state goes with it. */
  delete(id: number): Promise<boolean>;
}
