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
   * case-insensitively; sorted by the field then id, nulls last ascending and first descending.
   */
  search(query: ConcertSearchQuery): Promise<ConcertSearchPage>;
}
