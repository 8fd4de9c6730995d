// Concerts and their seat inventory, with the card state joined in for reads.

import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import type { PublishedCardState } from '../../domain/card/card-state.js';

export interface StoredConcert {
  readonly concert: Concert;
  readonly state: PublishedCardState;
}

export const SORT_FIELDS = ['id', 'title', 'artistName', 'entertainmentName', 'saleOpensAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';

export interface ConcertSearchQuery {
  /** Matches title, artist or entertainment name, case-insensitive, `%`/`_` literal; a number also matches the id. */
  readonly keyword: string | null;
  /** Exact, case-insensitive. */
  readonly artistName: string | null;
  /** Exact, case-insensitive. */
  readonly entertainmentName: string | null;
  readonly page: number;
  readonly size: number;
  readonly sort: { readonly field: SortField; readonly direction: SortDirection };
}

export interface ConcertSearchPage {
  readonly rows: readonly StoredConcert[];
  readonly totalElements: number;
}

export interface SellOutRiskQuery {
  /** Sales open at this instant (sale start at or before it), with at least one seat left. */
  readonly openAt: number;
  /** Only concerts with at most `maxSeats` seats or at most `maxRate` of their seats left; null: any open one. */
  readonly threshold: { readonly maxSeats: number; readonly maxRate: number } | null;
  readonly limit: number;
}

export interface ConcertRepository {
  findByIds(ids: readonly number[]): Promise<StoredConcert[]>;
  /** Concerts whose sale starts after `from` and at or before `to`, soonest first (then id). */
  findOpeningBetween(from: number, to: number, limit: number): Promise<StoredConcert[]>;
  /** Open sales with seats left, fewest seats first (then lowest share left, then id). */
  findSellOutRisk(query: SellOutRiskQuery): Promise<StoredConcert[]>;
  search(query: ConcertSearchQuery): Promise<ConcertSearchPage>;
  /** Inserts the concert with all seats available; returns it with its new id. */
  insert(details: ConcertDetails): Promise<Concert>;
  /**
   * Replaces the editable fields. When `totalSeatCount` changes, available seats move by the same
   * difference. Returns null when the concert does not exist or, at the moment of the write, has
   * more seats reserved than the new `totalSeatCount` (a reservation may commit after the caller
   * read the concert): re-read to tell which.
   */
  update(id: number, details: ConcertDetails): Promise<Concert | null>;
  /** Returns false when the concert did not exist. Its card state goes with it. */
  delete(id: number): Promise<boolean>;
  /**
   * Takes `quantity` seats if at least that many are available and the sale has started by `now`,
   * in one atomic write (never oversells, never sells before the sale, whatever commits meanwhile).
   * Returns the concert after the change, or null when it did not take them: re-read to tell why.
   */
  takeSeats(id: number, quantity: number, now: number): Promise<Concert | null>;
}
