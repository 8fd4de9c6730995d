// "Which page of concerts matches this query?"

import type { ConcertSearchQuery } from '../../../domain/card/card-query.js';
import type { StoredConcert } from './stored-concerts.js';

export interface ConcertSearchPage {
  readonly rows: readonly StoredConcert[];
  readonly totalElements: number;
}

export interface ConcertSearch {
  /**
   * The page: keyword matches title, artist or entertainment name case-insensitively (`%`/`_`
   * literal; a number also matches the id); artistName/entertainmentName match exactly,
   * case-insensitively; saleStatuses match the status each concert has at `now`
   * (domain/card/sale-status.ts); sorted by the field then id, nulls last ascending and first
   * descending.
   */
  search(query: ConcertSearchQuery, now: number): Promise<ConcertSearchPage>;
}
