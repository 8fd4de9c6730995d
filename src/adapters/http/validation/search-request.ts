// The whole query-string check of `GET /api/concerts/search` (protocol version, strict UTF-8
// decoding, the zod schema) as one function of the raw query string, remembered for the last
// QUERY_CACHE_ENTRIES valid query strings: a crowd polls a handful of distinct pages, so almost
// every request is one the cache has answered before. The answer is a pure function of the string,
// frozen so that no caller can change what the next one gets. Invalid query strings are never
// remembered (each refusal is worked out, and its message written, again), nor are very long ones.

import type { ConcertSearchQuery } from '../../../domain/card/card-query.js';
import { BoundedCache } from '../bounded-cache.js';
import { checkProtocolVersion } from './protocol-version.js';
import { decodeQuery } from './query-string.js';
import { parseSearchQuery, SEARCH_PARAMETERS } from './search-query.js';

export const QUERY_CACHE_ENTRIES = 256;
/** Longer query strings are checked every time: the cache holds at most 256 × 1 KiB of keys. */
export const QUERY_CACHE_MAX_KEY_LENGTH = 1024;

export type SearchRequestReader = (querystring: string) => ConcertSearchQuery;

/** Checks a search query string the way the route always has; `capacity` 0 remembers nothing. */
export function searchRequestReader(capacity = QUERY_CACHE_ENTRIES): SearchRequestReader {
  const read = (querystring: string): ConcertSearchQuery => {
    checkProtocolVersion(querystring);
    return frozen(parseSearchQuery(decodeQuery(querystring, SEARCH_PARAMETERS)));
  };
  if (capacity === 0) return read;
  const cache = new BoundedCache<string, ConcertSearchQuery>(capacity);
  return (querystring) => {
    const known = cache.get(querystring);
    if (known !== undefined) return known;
    const query = read(querystring);
    if (querystring.length <= QUERY_CACHE_MAX_KEY_LENGTH) cache.set(querystring, query);
    return query;
  };
}

function frozen(query: ConcertSearchQuery): ConcertSearchQuery {
  Object.freeze(query.sort);
  if (query.saleStatuses !== null) Object.freeze(query.saleStatuses);
  return Object.freeze(query);
}
