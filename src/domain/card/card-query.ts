// How a visitor asks for cards: keyword, exact filters, sort and page. The search rules themselves
// (what matches, how nulls sort) are stated by the ConcertSearch port and held by its adapters.

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
