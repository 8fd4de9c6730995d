import { expect } from 'chai';
import { SearchCards } from '../../src/application/cards/search-cards.js';
import type { ConcertSearchQuery } from '../../src/domain/card/card-query.js';
import type { ConcertSearch } from '../../src/application/ports/outbound/concert-search.js';
import type { StreamHead } from '../../src/application/ports/outbound/outbox.js';
import type { StoredConcert } from '../../src/application/ports/outbound/stored-concerts.js';
import { StreamPosition } from '../../src/application/publication/stream-position.js';
import { CurrentRealtimeSettings } from '../../src/application/settings/current-realtime-settings.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { ManualTimer } from '../support/fakes/live-recorders.js';
import { aConcert } from '../support/concert-mother.js';

const OPEN_AT = Date.UTC(2030, 0, 1);
const query: ConcertSearchQuery = { keyword: null, artistName: null, entertainmentName: null, saleStatuses: null, page: 0, size: 20, sort: { field: 'id', direction: 'asc' } };

function fixture(maxAgeMs: number, maxBytes = 16 * 1024 * 1024) {
  const clock = new AdjustableClock(OPEN_AT - 1_000);
  const reads = { search: 0, seq: 0 };
  const row: StoredConcert = {
    concert: { ...aConcert({ generalSaleStartAt: OPEN_AT, totalSeatCount: 10 }), id: 1, availableSeatCount: 10 },
    state: { concertId: 1, version: 1, publishedStatus: 'OPEN_SOON_5M', publishedAvailableSeatCount: 10, nextBoundaryAt: OPEN_AT },
  };
  // Counting stand-ins for the two ports the page cache must spare.
  const instants: number[] = [];
  const concerts: ConcertSearch = { search: async (_query, now) => (reads.search++, instants.push(now), { rows: [row], totalElements: 1 }) };
  const head: StreamHead = { position: async () => (reads.seq++, { seq: 41, epoch: 'e1' }) };
  const settings = new CurrentRealtimeSettings({ get: async () => ({ mode: 'websocket', hybridPollIntervalMillis: 30_000 }) }, clock);
  const position = new StreamPosition();
  const timer = new ManualTimer();
  const search = new SearchCards(concerts, head, settings, clock, position, timer, { maxAgeMs, maxBytes });
  return { clock, reads, instants, search, position, timer };
}

describe('SearchCards', () => {
  it('reads a page once per window however many ask, and computes the status at each request', async () => {
    const { clock, reads, search } = fixture(250);
    const burst = await Promise.all(Array.from({ length: 50 }, () => search.execute(query)));
    expect(reads).to.deep.equal({ search: 1, seq: 1 });
    expect(burst.every((r) => r.items[0]?.saleStatus === 'OPEN_SOON_5M' && r.seq === 41)).to.equal(true);

    clock.advance(1_000);
    const after = await search.execute(query);
    expect(after.items[0]?.saleStatus, 'flips at openAt from the kept rows').to.equal('OPEN');
    expect(after.serverNowEpochMs).to.equal(OPEN_AT);
    expect(reads.search, 'the window has passed: read again').to.equal(2);
  });

  it('reads a status-filtered page again once a card in it reaches its next time boundary, and at the instant it asks', async () => {
    const { clock, reads, instants, search } = fixture(5_000);
    const soon = { ...query, saleStatuses: ['OPEN_SOON_5M'] as const };
    await search.execute(soon);
    clock.advance(999);
    await search.execute(soon);
    expect(reads.search, 'before the boundary: kept').to.equal(1);
    clock.advance(1);
    await search.execute(soon);
    expect(reads.search, 'at the boundary: the filter may answer otherwise').to.equal(2);
    expect(instants, 'each read at its own instant').to.deep.equal([OPEN_AT - 1_000, OPEN_AT]);
    // Without a status filter the same rows stay kept across the boundary (only their status is recomputed).
    await search.execute(query);
    clock.advance(1_000);
    await search.execute(query);
    expect(reads.search).to.equal(3);
  });

  it('keeps the page for less than the window only', async () => {
    const { clock, reads, search } = fixture(250);
    await search.execute(query);
    clock.advance(249);
    await search.execute(query);
    expect(reads.search).to.equal(1);
    clock.advance(1);
    await search.execute(query);
    expect(reads.search).to.equal(2);
  });

  it('reads again at once when this instance has committed a newer change', async () => {
    const { reads, search, position } = fixture(250);
    await search.execute(query);
    position.advance(41);
    await search.execute(query);
    expect(reads.search, 'seq 41 is what the kept page has').to.equal(1);
    position.advance(42);
    await search.execute(query);
    expect(reads.search).to.equal(2);
  });

  it('hands out the same computed cards until the countdown steps, then computes them again', async () => {
    const { clock, search } = fixture(5_000);
    clock.set(OPEN_AT - 2_500);
    const first = await search.execute(query);
    clock.set(OPEN_AT - 2_001);
    const same = await search.execute(query);
    expect(same.items).to.equal(first.items);
    expect(same.serverNowEpochMs).to.equal(OPEN_AT - 2_001);
    clock.set(OPEN_AT - 2_000);
    const stepped = await search.execute(query);
    expect(stepped.items).to.not.equal(first.items);
    expect([first.items[0]?.saleOpensInSeconds, stepped.items[0]?.saleOpensInSeconds]).to.deep.equal([3, 2]);
  });

  it('reads every time when the window is 0', async () => {
    const { reads, search } = fixture(0);
    await search.execute(query);
    await search.execute(query);
    expect(reads).to.deep.equal({ search: 2, seq: 2 });
  });
});
