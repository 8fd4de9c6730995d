// Bench-only full-stack HTTP floor: the service's own HTTP app (createHttpApp — request timing,
// security headers, CORS, error envelope, router, query validation, the search route's encoding)
// with every use case faked. `searchCards.execute` answers each benchmarked query with a result
// rebuilt once from the body the real service returned for it: the same items array object every
// time, so the route encodes it once, exactly as it does for a kept page. Only `serverNow` is
// taken per request, as the service does. Each request is recorded in the service's own HTTP
// histogram (a Telemetry as the service builds it, logging at warn like a bench instance). What it
// sustains is what the HTTP stack costs without search; src/ gets no bench route for this. Input: FLOOR_BODIES, a JSON file of
// { name: { query, body } } (query string and the service's response text).

import { readFileSync } from 'node:fs';
import { createHttpApp } from '../src/adapters/http/http-app.js';
import { Telemetry } from '../src/adapters/observability/telemetry.js';
import { parseSearchQuery } from '../src/adapters/http/validation/search-query.js';
import type { ConcertSearchQuery } from '../src/domain/card/card-query.js';
import type { CardSearchResult } from '../src/application/ports/inbound/card-queries.js';
import type { ConcertCard } from '../src/domain/card/card.js';
import type { RealtimeMode } from '../src/domain/realtime/realtime-mode.js';

interface WireSearch {
  items: ConcertCard[];
  page: number;
  size: number;
  totalElements: number;
  totalPages: number;
  hasNext: boolean;
  realtimeMode: RealtimeMode;
  hybridPollIntervalMillis: number;
  seq: number;
  epoch: string;
}

const keyOf = (query: ConcertSearchQuery): string => JSON.stringify(query);

const variants = JSON.parse(readFileSync(process.env.FLOOR_BODIES as string, 'utf8')) as Record<string, { query: string; body: string }>;
const results = new Map<string, Omit<CardSearchResult, 'serverNowEpochMs'>>();
for (const { query, body } of Object.values(variants)) {
  const wire = JSON.parse(body) as WireSearch;
  const parsed = parseSearchQuery(Object.fromEntries(new URLSearchParams(query)));
  results.set(keyOf(parsed), {
    // The wire card carries exactly the domain card's fields (card-json.ts maps them one to one).
    items: wire.items,
    page: wire.page,
    size: wire.size,
    totalElements: wire.totalElements,
    totalPages: wire.totalPages,
    hasNext: wire.hasNext,
    settings: { mode: wire.realtimeMode, hybridPollIntervalMillis: wire.hybridPollIntervalMillis },
    seq: wire.seq,
    epoch: wire.epoch,
  });
}

const byQuery = new WeakMap<ConcertSearchQuery, Omit<CardSearchResult, 'serverNowEpochMs'>>();

const unused = (name: string) => ({
  execute: (): never => {
    throw new Error(`${name} is not part of the search floor`);
  },
});

const telemetry = new Telemetry({ instanceId: 'http-stack-floor', logLevel: 'warn', clock: { now: () => Date.now() } });
const app = createHttpApp({
  searchCards: {
    execute: async (query) => {
      // By the query object first (the route hands out one frozen object per query string), so the
      // fake's own lookup does not weigh on the floor; by its JSON the first time.
      let result = byQuery.get(query);
      if (result === undefined) {
        result = results.get(keyOf(query));
        if (!result) throw new Error(`no precomputed result for ${keyOf(query)}`);
        byQuery.set(query, result);
      }
      return { ...result, serverNowEpochMs: Date.now() };
    },
  },
  getCard: unused('getCard'),
  highlights: unused('highlights'),
  createConcert: unused('createConcert'),
  updateConcert: unused('updateConcert'),
  deleteConcert: unused('deleteConcert'),
  reserveSeats: unused('reserveSeats'),
  changeRealtimeSettings: unused('changeRealtimeSettings'),
  getRealtimeSettings: unused('getRealtimeSettings'),
  health: { isLive: () => true, readiness: async () => ({ ready: true, checks: {} }), metricsText: async () => '', metricsContentType: 'text/plain' },
  clock: { now: () => Date.now() },
  adminToken: 'bench-stack-floor-admin-token',
  corsOrigins: [],
  onRequest: (route, method, status, durationMs) => telemetry.httpObserved(route, method, status, durationMs),
  onError: (error) => telemetry.logger.error({ err: error }, 'request failed'),
});
app.listen(Number(process.env.PORT), '127.0.0.1');
// A graceful exit on SIGTERM, so `--cpu-prof` (bench:http-profile) writes its profile.
process.once('SIGTERM', () => process.exit(0));
