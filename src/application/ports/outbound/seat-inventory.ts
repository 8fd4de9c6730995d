// "Take these seats, if the sale has started and they are still there."

import type { Concert } from '../../../domain/card/concert.js';

export interface SeatInventory {
  /**
   * Takes `quantity` seats if at least that many are available and the sale has started by `now`,
   * in one atomic write (never oversells, never sells before the sale, whatever commits meanwhile).
   * Returns the concert after the change, or null when it did not take them: re-read to tell why.
   */
  takeSeats(id: number, quantity: number, now: number): Promise<Concert | null>;
}
