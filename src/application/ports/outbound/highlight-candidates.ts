// "Which concerts open soon, and which open sales are close to selling out?"

import type { StoredConcert } from './stored-concerts.js';

export interface SellOutRiskQuery {
  /** Sales open at this instant (sale start at or before it), with at least one seat left. */
  readonly openAt: number;
  /** Only concerts with at most `maxSeats` seats or at most `maxRate` of their seats left; null: any open one. */
  readonly threshold: { readonly maxSeats: number; readonly maxRate: number } | null;
  readonly limit: number;
}

export interface HighlightCandidates {
  /** Concerts whose sale starts after `from` and at or before `to`, soonest first (then id). */
  openingBetween(from: number, to: number, limit: number): Promise<StoredConcert[]>;
  /** Open sales with seats left, fewest seats first (then lowest share left, then id). */
  sellOutRisk(query: SellOutRiskQuery): Promise<StoredConcert[]>;
}
