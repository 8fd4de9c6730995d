// "Has this reservation request (its Idempotency-Key) been answered already?", "remember this
// answer", and "forget answers kept past their time".

import type { ConcertCard } from '../../../domain/card/card.js';

/** What a reservation ended with, as far as a retry of it must see the same. */
export type ReservationOutcome =
  | { readonly kind: 'reserved'; readonly card: ConcertCard }
  | { readonly kind: 'sale-not-open'; readonly saleStatus: string }
  | { readonly kind: 'seats-unavailable'; readonly requested: number; readonly available: number };

export interface AnsweredRequest {
  /** What was asked (concert and quantity), so a reuse of the key for another request is told apart. */
  readonly fingerprint: string;
  readonly concertId: number;
  readonly outcome: ReservationOutcome;
}

/** Inside a reservation's transaction. */
export interface ReservationRequests {
  /**
   * Claims `key` for this transaction: waits while another transaction holds it, then returns the
   * answer stored under it if one is kept past `now`, or null when answering is now this
   * transaction's (its claim ends with it: a rollback frees the key).
   */
  claim(key: string, now: number): Promise<AnsweredRequest | null>;
  /** Stores the answer under the key this transaction claimed, kept until `expiresAt`. */
  record(key: string, answer: AnsweredRequest, expiresAt: number): Promise<void>;
}

export interface ReservationRequestRetention {
  /** Deletes up to `limit` answers whose time ran out by `now`; returns how many went. */
  pruneExpired(now: number, limit: number): Promise<number>;
}
