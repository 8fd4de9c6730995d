// What a buyer does (a stand-in for the reservation system, so inventory and SOLD_OUT are real).

import type { ConcertCard } from '../../../domain/card/card.js';
import type { SaleNotOpen, SeatsUnavailable } from '../../../domain/errors.js';

export interface Reservation {
  /** The card right after the seats were taken (for a replay: as it was then). */
  readonly card: ConcertCard;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export interface ReserveSeatsUseCase {
  /**
   * Takes the seats. With an `idempotencyKey`, a retry of the same request (same concert and
   * quantity) gets the first answer again instead of taking seats twice, for as long as answers
   * are kept. Throws ConcertNotFound, SaleNotOpen, SeatsUnavailable, ReplayedRefusal (the stored
   * refusal of the first request), IdempotencyKeyReused.
   */
  execute(concertId: number, quantity: number, idempotencyKey?: string | null): Promise<Reservation>;
}

/** The key was first used for a different request (another concert or quantity). */
export class IdempotencyKeyReused extends Error {
  override readonly name = 'IdempotencyKeyReused';
  constructor() {
    super('this Idempotency-Key was used for a different reservation request');
  }
}

/** The first request with this key was refused; its refusal is the answer again. */
export class ReplayedRefusal extends Error {
  override readonly name = 'ReplayedRefusal';
  constructor(readonly refusal: SaleNotOpen | SeatsUnavailable) {
    super(refusal.message);
  }
}
