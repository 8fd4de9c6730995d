// The search answer's bytes. The use case hands out the same cards array for as long as none of its
// cards changes, so a crowd polling one page shares one encoding of it: the cards are encoded once
// per array, straight to UTF-8 (a string body would be measured and re-encoded on every write). The
// rest of the answer (paging, server time, stream position, mode) is a few hundred bytes rebuilt per
// request; requests within the same millisecond for the same page get the same body, so the last
// one built is reused while every field of that tail is unchanged (compared field by field, before
// any of it is formatted). Keyed weakly, an encoding lives only as long as
// the use case keeps its page (within SNAPSHOT_MAX_AGE_MS and SEARCH_CACHE_MAX_BYTES, whose estimate
// counts one encoding: the cards' bytes are held once, as the front of the last body).

import type { CardSearchResult } from '../../../application/ports/inbound/card-queries.js';
import type { SearchResponse } from '../../../contract/wire.js';
import { toCardJson } from '../../../contract/wire-projection.js';
import type { ConcertCard } from '../../../domain/card/card.js';
import { snapshotStamp } from './snapshot-stamp.js';

interface PageEncoding {
  /** The last body built for this cards array: `{"items":[...],` (itemsBytes long), then the tail of `stated`. */
  body: Buffer;
  readonly itemsBytes: number;
  stated: CardSearchResult;
}

const encodings = new WeakMap<readonly ConcertCard[], PageEncoding>();

/** The whole search answer as UTF-8 JSON: `{"items":[…],"page":…}` in the wire's field order. */
export function searchResponseBody(result: CardSearchResult): Buffer {
  const kept = encodings.get(result.items);
  if (kept !== undefined && sameTail(kept.stated, result)) return kept.body;
  const tail = Buffer.from(tailOf(result), 'utf8');
  if (kept === undefined) {
    const items = Buffer.from(`{"items":${JSON.stringify(result.items.map(toCardJson))},`, 'utf8');
    const body = Buffer.concat([items, tail]);
    encodings.set(result.items, { body, itemsBytes: items.length, stated: result });
    return body;
  }
  kept.body = Buffer.concat([kept.body.subarray(0, kept.itemsBytes), tail]);
  kept.stated = result;
  return kept.body;
}

/** Everything after the items: `"page":0,…}` (the envelope without its opening brace). */
function tailOf(result: CardSearchResult): string {
  const envelope: Omit<SearchResponse, 'items'> = {
    page: result.page,
    size: result.size,
    totalElements: result.totalElements,
    totalPages: result.totalPages,
    hasNext: result.hasNext,
    ...snapshotStamp(result),
  };
  return JSON.stringify(envelope).slice(1);
}

/** Whether two results of the same cards array state the same tail (every field tailOf reads). */
function sameTail(a: CardSearchResult, b: CardSearchResult): boolean {
  return (
    a.serverNowEpochMs === b.serverNowEpochMs &&
    a.seq === b.seq &&
    a.epoch === b.epoch &&
    a.page === b.page &&
    a.size === b.size &&
    a.totalElements === b.totalElements &&
    a.totalPages === b.totalPages &&
    a.hasNext === b.hasNext &&
    a.settings.mode === b.settings.mode &&
    a.settings.hybridPollIntervalMillis === b.settings.hybridPollIntervalMillis
  );
}
