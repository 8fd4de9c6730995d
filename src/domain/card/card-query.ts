// How a visitor asks for cards: keyword, exact filters, sale statuses, sort and page. The search rules themselves
// (what matches, how nulls sort) are stated by the ConcertSearch port and held by its adapters.

import type { SaleStatus } from './sale-status.js';

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
  /** The card's status at the instant of the read is one of these (in SALE_STATUSES order, no repeats); null: any. */
  readonly saleStatuses: readonly SaleStatus[] | null;
  readonly page: number;
  readonly size: number;
  readonly sort: { readonly field: SortField; readonly direction: SortDirection };
}
