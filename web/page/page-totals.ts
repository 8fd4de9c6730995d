// The paging totals of a live view. The view's client reads its snapshots itself; the page hands it
// a `fetch` (a public option of the client package) that passes every request through unchanged and,
// for a search answer, also reads the totals from a copy of the body. No request is added.

import type { SearchResponse } from 'live-cards-client';

export type PageTotals = Pick<SearchResponse, 'page' | 'size' | 'totalElements' | 'totalPages' | 'hasNext'>;

const SEARCH_PATH = '/api/concerts/search';

export function fetchReadingTotals(onTotals: (totals: PageTotals) => void, fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://page.invalid');
    if (response.ok && url.pathname === SEARCH_PATH) {
      response
        .clone()
        .json()
        .then((body: SearchResponse) =>
          onTotals({ page: body.page, size: body.size, totalElements: body.totalElements, totalPages: body.totalPages, hasNext: body.hasNext }),
        )
        // The client reads the same body and reports what is wrong with it.
        .catch(() => undefined);
    }
    return response;
  };
}
