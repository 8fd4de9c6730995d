// The HTTP adapter's caches answer exactly what computing again would: the search query-string
// reader (an LRU of parsed, validated query strings), the search body's kept encoding (cards once
// per array, the tail per request, the last body reused only while its tail is unchanged) and
// server time formatted once per millisecond. Each is checked against the uncached computation
// while its input keeps changing.

import { expect } from 'chai';
import fc from 'fast-check';
import { BoundedCache } from '../../src/adapters/http/bounded-cache.js';
import { searchResponseBody } from '../../src/adapters/http/routes/search-encoding.js';
import { serverTimeAt } from '../../src/adapters/http/routes/server-time.js';
import { searchRequestReader } from '../../src/adapters/http/validation/search-request.js';
import type { CardSearchResult } from '../../src/application/ports/inbound/card-queries.js';
import { PROTOCOL_VERSION } from '../../src/contract/protocol.js';
import { serverTime, toCardJson } from '../../src/contract/wire-projection.js';
import { aCard, CARD_NOW } from '../support/card-mother.js';

/** The answer (or the refusal's message) for one query string. */
function outcome(read: (querystring: string) => unknown, querystring: string): unknown {
  try {
    return { query: read(querystring) };
  } catch (error) {
    return { refused: (error as Error).message, details: (error as { details?: unknown }).details };
  }
}

const PARTS = ['keyword=tide', 'keyword=%20nova%20', 'keyword=%E9', 'artistName=Artist%20042', 'page=0', 'page=5', 'page=-1', 'size=20', 'size=101', 'sort=title,asc', 'sort=saleOpensAt,desc', 'sort=nope', 'saleStatus=OPEN,SOLD_OUT', 'saleStatus=open', 'protocolVersion=1', 'protocolVersion=9', 'utm=x', 'page=1&page=2'];
const queryStrings = fc.array(fc.subarray(PARTS).map((parts) => parts.join('&')), { minLength: 1, maxLength: 60 });

describe('HTTP adapter caches', () => {
  it('the search query reader answers every query string, in any order and with repeats, exactly as an uncached read', () => {
    const fresh = searchRequestReader(0);
    fc.assert(
      fc.property(queryStrings, fc.constantFrom(2, 4, 6), (sequence, capacity) => {
        const cached = searchRequestReader(capacity);
        for (const querystring of sequence) expect(outcome(cached, querystring)).to.deep.equal(outcome(fresh, querystring), querystring);
      }),
      { numRuns: 200 },
    );
  });

  it('the search query reader remembers a valid query string (same object) and hands out frozen queries', () => {
    const read = searchRequestReader(2);
    const first = read('keyword=tide&sort=title,desc');
    expect(read('keyword=tide&sort=title,desc')).to.equal(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.sort)).to.equal(true);
    expect(() => ((first as { page: number }).page = 3)).to.throw(TypeError);
    expect(read('keyword=tide&sort=title,desc&page=0')).to.deep.equal(first);
  });

  it('the bounded cache drops the least recently used entry first, and never holds more than its capacity', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).to.equal(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).to.deep.equal([1, undefined, 3, 2]);
    fc.assert(
      fc.property(fc.constantFrom(2, 4, 8), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 })), { maxLength: 80 }), (capacity, operations) => {
        const bounded = new BoundedCache<number, number>(capacity);
        for (const [write, key] of operations) {
          if (write) bounded.set(key, key * 10);
          else expect([undefined, key * 10]).to.include(bounded.get(key));
          expect(bounded.size).to.be.at.most(capacity);
        }
        // The last capacity / 2 distinct keys written are always still there.
        const lastWritten = [...new Set(operations.filter(([write]) => write).map(([, key]) => key).reverse())].slice(0, capacity / 2);
        for (const key of lastWritten) expect(bounded.get(key)).to.equal(key * 10);
      }),
    );
  });

  it('the search body is the full answer for every result, as its tail and its cards change', () => {
    const pages = [[aCard()], [aCard({ id: 8, title: 'Ünïcödé — 公演' }), aCard({ id: 9 })], []];
    const expected = (result: CardSearchResult) =>
      JSON.stringify({
        items: result.items.map(toCardJson),
        page: result.page,
        size: result.size,
        totalElements: result.totalElements,
        totalPages: result.totalPages,
        hasNext: result.hasNext,
        ...serverTime(result.serverNowEpochMs),
        realtimeMode: result.settings.mode,
        hybridPollIntervalMillis: result.settings.hybridPollIntervalMillis,
        seq: result.seq,
        epoch: result.epoch,
        protocolVersion: PROTOCOL_VERSION,
      });
    // Each step changes one field of the last result (or none), so most steps hit the kept body of
    // the same cards array with exactly one field of its tail different.
    const change = fc.oneof(
      fc.record({ items: fc.constantFrom(...pages) }),
      fc.record({ page: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ size: fc.constantFrom(20, 50) }),
      fc.record({ totalElements: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ totalPages: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ hasNext: fc.boolean() }),
      fc.record({ serverNowEpochMs: fc.integer({ min: CARD_NOW, max: CARD_NOW + 2 }) }),
      fc.record({ settings: fc.record({ mode: fc.constantFrom('websocket' as const, 'hybrid' as const), hybridPollIntervalMillis: fc.constantFrom(5_000, 30_000) }) }),
      fc.record({ seq: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ epoch: fc.constantFrom('e1', 'e2') }),
      fc.constant({}),
    );
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 40 }), (changes) => {
        let result: CardSearchResult = {
          items: pages[0] as CardSearchResult['items'],
          page: 0,
          size: 20,
          totalElements: 1,
          totalPages: 1,
          hasNext: false,
          serverNowEpochMs: CARD_NOW,
          settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 },
          seq: 1,
          epoch: 'e1',
        };
        for (const step of changes) {
          result = { ...result, ...step };
          expect(searchResponseBody(result).toString('utf8')).to.equal(expected(result));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('server time is formatted for the millisecond asked, whichever was asked before', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: CARD_NOW - 2, max: CARD_NOW + 2 }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(serverTimeAt(ms)).to.deep.equal(serverTime(ms));
      }),
    );
  });
});
