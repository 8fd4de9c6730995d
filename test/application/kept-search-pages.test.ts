// The search page cache under a crowd of distinct queries (issue 13.1): bounded by bytes, expiring
// by age, and empty once traffic stops — on fakes, with the clock and the timer in the test's hands.

import { expect } from 'chai';
import { estimatedPageBytes } from '../../src/application/search-pages/kept-search-pages.js';
import { SearchCards } from '../../src/application/cards/search-cards.js';
import type { ConcertSearchQuery } from '../../src/domain/card/card-query.js';
import type { ConcertSearch } from '../../src/application/ports/outbound/concert-search.js';
import type { StoredConcert } from '../../src/application/ports/outbound/stored-concerts.js';
import { StreamPosition } from '../../src/application/publication/stream-position.js';
import { CurrentRealtimeSettings } from '../../src/application/settings/current-realtime-settings.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { aConcert } from '../support/concert-mother.js';
import { ManualTimer } from '../support/fakes/live-recorders.js';

const NOW = Date.UTC(2030, 0, 1);
const MAX_AGE_MS = 250;
const text = (n: number) => 'x'.repeat(n);

/** 117 concerts of about 1.2 KB of text each, as in the reproduction. */
const CATALOGUE: StoredConcert[] = Array.from({ length: 117 }, (_, i) => ({
  concert: { ...aConcert({ title: text(200), artistName: text(200), artistDisplayName: text(200), artistGenre: text(200), entertainmentName: text(200), promoterName: text(200) }), id: i + 1, availableSeatCount: 100 },
  state: { concertId: i + 1, version: 1, publishedStatus: 'UNSCHEDULED', publishedAvailableSeatCount: 100, nextBoundaryAt: null },
}));

/** The attack: 10 sorts × sizes 51–100 × 2 pages = 1 000 distinct queries. */
function attackQueries(): ConcertSearchQuery[] {
  const queries: ConcertSearchQuery[] = [];
  for (const field of ['id', 'title', 'artistName', 'entertainmentName', 'saleOpensAt'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      for (let size = 51; size <= 100; size += 1) {
        for (const page of [0, 1]) queries.push({ keyword: null, artistName: null, entertainmentName: null, saleStatuses: null, page, size, sort: { field, direction } });
      }
    }
  }
  return queries;
}

function fixture(maxBytes: number) {
  const clock = new AdjustableClock(NOW);
  const timer = new ManualTimer();
  let reads = 0;
  const concerts: ConcertSearch = {
    search: async (query) => {
      reads += 1;
      return { rows: CATALOGUE.slice(query.page * query.size, (query.page + 1) * query.size), totalElements: CATALOGUE.length };
    },
  };
  const settings = new CurrentRealtimeSettings({ get: async () => ({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }) }, clock);
  const search = new SearchCards(concerts, { position: async () => ({ seq: 7, epoch: 'e1' }) }, settings, clock, new StreamPosition(), timer, { maxAgeMs: MAX_AGE_MS, maxBytes });
  return { clock, timer, search, reads: () => reads };
}

describe('SearchCards: what it keeps under many distinct queries', () => {
  it('keeps no more than its byte bound however many distinct pages are asked for', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const { search } = fixture(maxBytes);
    let peak = 0;
    for (const query of attackQueries()) {
      await search.execute(query);
      peak = Math.max(peak, search.kept.size().bytes);
    }
    expect(peak, 'estimated bytes kept at the worst moment').to.be.at.most(maxBytes);
    expect(search.kept.size().pages).to.be.below(100);
  });

  it('still shares a page within the window: the bound drops the oldest pages, not the newest', async () => {
    const { search, reads } = fixture(4 * 1024 * 1024);
    const [first] = attackQueries();
    await search.execute(first as ConcertSearchQuery);
    await search.execute(first as ConcertSearchQuery);
    expect(reads()).to.equal(1);
  });

  it('lets every kept page go once the window passes with no traffic, and then stops sweeping', async () => {
    const { clock, timer, search } = fixture(64 * 1024 * 1024);
    for (const query of attackQueries().slice(0, 200)) await search.execute(query);
    expect(search.kept.size().pages).to.equal(200);
    clock.advance(MAX_AGE_MS - 1);
    timer.fire();
    expect(search.kept.size().pages, 'not yet past the window').to.equal(200);
    clock.advance(1);
    timer.fire();
    expect(search.kept.size()).to.deep.equal({ pages: 0, bytes: 0 });
    expect(timer.pending.filter((task) => !task.cancelled), 'nothing left to sweep').to.have.length(0);
  });

  it('estimates a page by its text and rows', () => {
    const rows = CATALOGUE.slice(0, 10);
    expect(estimatedPageBytes({ rows, totalElements: 117 })).to.equal(10 * (3 * 1_200 + 2_000));
    expect(estimatedPageBytes({ rows: [], totalElements: 0 })).to.equal(0);
  });
});
