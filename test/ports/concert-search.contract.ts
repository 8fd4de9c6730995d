// Contracts of ConcertSearch (the snapshot page) and HighlightCandidates.

import { expect } from 'chai';
import type { ConcertSearchQuery } from '../../src/domain/card/card-query.js';
import { decideSaleState, FIVE_MINUTES_MS, ONE_HOUR_MS, SALE_STATUSES, type SaleStatus } from '../../src/domain/card/sale-status.js';
import { eachStorage, oneStorage, storeConcert, type OpenStorage, type StorageUnderTest } from './storage-under-test.js';

function query(overrides: Partial<ConcertSearchQuery> = {}): ConcertSearchQuery {
  return { keyword: null, artistName: null, entertainmentName: null, saleStatuses: null, page: 0, size: 20, sort: { field: 'id', direction: 'asc' }, ...overrides };
}

async function seed(storage: StorageUnderTest): Promise<void> {
  await storeConcert(storage, { title: 'Winter Gala', artistName: 'Orchestra One', entertainmentName: 'Blue Hall', generalSaleStartAt: Date.UTC(2026, 0, 3) });
  await storeConcert(storage, { title: 'Autumn Night', artistName: 'The Band', entertainmentName: 'blue hall', generalSaleStartAt: null });
  await storeConcert(storage, { title: 'Spring Fest', artistName: 'the band', entertainmentName: 'Red Room', generalSaleStartAt: Date.UTC(2026, 0, 1) });
  await storeConcert(storage, { title: '100% Live', artistName: 'Percent', entertainmentName: null, generalSaleStartAt: Date.UTC(2026, 0, 2) });
  await storeConcert(storage, { title: 'Under_score Show', artistName: 'Snake Case', entertainmentName: 'Back\\slash Hall' });
  await storeConcert(storage, { title: 'Summer night', artistName: 'Nightingale', entertainmentName: 'Open Air' });
}

export function concertSearchContracts(open: OpenStorage): void {
  describe('ConcertSearch', () => {
    oneStorage(open, (storage) => {
      const search = (q: ConcertSearchQuery) => storage().stores.concerts.search(q, Date.UTC(2026, 0, 1));
      const titles = async (q: ConcertSearchQuery) => (await search(q)).rows.map((row) => row.concert.title);
      before(async () => seed(storage()));

      it('matches the keyword in title, artist or entertainment, case-insensitively, sorted by title', async () => {
        const page = await search(query({ keyword: 'NIGHT', sort: { field: 'title', direction: 'asc' } }));
        expect(page.rows.map((row) => row.concert.title)).to.deep.equal(['Autumn Night', 'Summer night']);
        expect(page.totalElements).to.equal(2);
        expect(await titles(query({ keyword: 'blue' }))).to.deep.equal(['Winter Gala', 'Autumn Night']);
      });

      it('pages and still reports the total past the last page', async () => {
        const sorted = { field: 'title', direction: 'asc' } as const;
        const second = await search(query({ size: 2, page: 1, sort: sorted }));
        expect(second.rows.map((row) => row.concert.title)).to.deep.equal(['Spring Fest', 'Summer night']);
        expect(second.totalElements).to.equal(6);
        const beyond = await search(query({ size: 2, page: 9, sort: sorted }));
        expect(beyond.rows).to.deep.equal([]);
        expect(beyond.totalElements).to.equal(6);
        expect(await search(query({ keyword: 'no such thing' }))).to.deep.equal({ rows: [], totalElements: 0 });
      });

      it('sorts by title and by artist descending', async () => {
        expect(await titles(query({ sort: { field: 'title', direction: 'desc' } }))).to.deep.equal([
          'Winter Gala', 'Under_score Show', 'Summer night', 'Spring Fest', 'Autumn Night', '100% Live',
        ]);
        const byArtist = await search(query({ sort: { field: 'artistName', direction: 'desc' } }));
        expect(byArtist.rows.map((row) => row.concert.artistName.toLowerCase())).to.deep.equal([
          'the band', 'the band', 'snake case', 'percent', 'orchestra one', 'nightingale',
        ]);
      });

      it('matches %, _ and \\ literally', async () => {
        expect(await titles(query({ keyword: '%' }))).to.deep.equal(['100% Live']);
        expect(await titles(query({ keyword: '_' }))).to.deep.equal(['Under_score Show']);
        expect(await titles(query({ keyword: 'wi_ter' }))).to.deep.equal([]);
        expect(await titles(query({ keyword: '1%l' }))).to.deep.equal([]);
        expect(await titles(query({ keyword: 'k\\s' }))).to.deep.equal(['Under_score Show']);
        expect(await titles(query({ keyword: "' or 1=1 --" }))).to.deep.equal([]);
      });

      it('matches a numeric keyword against the id too', async () => {
        const [first] = (await search(query({ size: 1 }))).rows;
        const id = first!.concert.id;
        expect((await search(query({ keyword: String(id) }))).rows.map((row) => row.concert.id)).to.include(id);
        expect(await titles(query({ keyword: '100' }))).to.deep.equal(['100% Live']);
      });

      it('filters artist and entertainment exactly and case-insensitively', async () => {
        expect(await titles(query({ artistName: 'THE BAND' }))).to.deep.equal(['Autumn Night', 'Spring Fest']);
        expect(await titles(query({ artistName: 'the' }))).to.deep.equal([]);
        expect(await titles(query({ entertainmentName: 'Blue HALL' }))).to.deep.equal(['Winter Gala', 'Autumn Night']);
        expect(await titles(query({ entertainmentName: 'blue hall', artistName: 'the band' }))).to.deep.equal(['Autumn Night']);
      });

      it('sorts by sale start with unscheduled concerts last (ascending) and first (descending)', async () => {
        const asc = await titles(query({ sort: { field: 'saleOpensAt', direction: 'asc' } }));
        expect(asc.slice(0, 3)).to.deep.equal(['Spring Fest', '100% Live', 'Winter Gala']);
        expect(asc.slice(3)).to.have.members(['Autumn Night', 'Under_score Show', 'Summer night']);
        const desc = await titles(query({ sort: { field: 'saleOpensAt', direction: 'desc' } }));
        expect(desc.slice(3)).to.deep.equal(['Winter Gala', '100% Live', 'Spring Fest']);
      });

      it('breaks ties by id, in the direction of the sort (runs last: adds rows)', async () => {
        const ids = [];
        for (let i = 0; i < 3; i += 1) ids.push((await storeConcert(storage(), { title: 'Zz Tie' })).id);
        const tied = async (direction: 'asc' | 'desc') => (await search(query({ keyword: 'zz tie', sort: { field: 'title', direction } }))).rows.map((row) => row.concert.id);
        expect(await tied('asc')).to.deep.equal(ids);
        expect(await tied('desc')).to.deep.equal([...ids].reverse());
      });
    });
  });

  describe('ConcertSearch by sale status', () => {
    oneStorage(open, (storage) => {
      // Sale starts on and either side of each boundary of `now`, and the seat cases at and after it.
      const now = Date.UTC(2026, 5, 1, 12);
      const starts = [null, now + ONE_HOUR_MS + 1, now + ONE_HOUR_MS, now + 30 * 60_000, now + FIVE_MINUTES_MS + 1, now + FIVE_MINUTES_MS, now + 1, now, now - 1];
      const seated: Array<{ openAt: number | null; total: number; sold: number }> = [
        ...starts.map((openAt) => ({ openAt, total: 10, sold: 0 })),
        ...[now, now - 1, now + 1].flatMap((openAt) => [{ openAt, total: 10, sold: 10 }, { openAt, total: 0, sold: 0 }, { openAt, total: 10, sold: 9 }]),
      ];
      /** What each stored concert's status is at `instant`, by the domain's rule. */
      const expected = new Map<number, (instant: number) => SaleStatus>();
      const ids = async (statuses: readonly SaleStatus[], instant = now) =>
        (await storage().stores.concerts.search(query({ saleStatuses: statuses, size: 100 }), instant)).rows.map((row) => row.concert.id);

      before(async () => {
        const { catalogue } = storage().stores;
        for (const { openAt, total, sold } of seated) {
          const concert = await storeConcert(storage(), { title: 'Status case', generalSaleStartAt: openAt, totalSeatCount: total });
          if (sold > 0) expect(await catalogue.takeSeats(concert.id, sold, now + ONE_HOUR_MS), 'seats taken').to.not.equal(null);
          expected.set(concert.id, (instant) => decideSaleState(openAt, { totalSeatCount: total, availableSeatCount: total - sold }, instant).saleStatus);
        }
      });

      it('answers each status with exactly the concerts that have it at the instant, on and either side of every boundary', async () => {
        for (const instant of [now, now - 1, now + 1, now + FIVE_MINUTES_MS, now - ONE_HOUR_MS]) {
          for (const status of SALE_STATUSES) {
            const want = [...expected].filter(([, statusAt]) => statusAt(instant) === status).map(([id]) => id);
            expect(await ids([status], instant), `${status} at now${instant - now >= 0 ? '+' : ''}${instant - now} ms`).to.deep.equal(want);
          }
        }
      });

      it('answers several statuses with their union, counts only those, and combines with the other filters', async () => {
        const soon = ['OPEN_SOON_1H', 'OPEN_SOON_5M', 'PREOPEN'] as const;
        const want = [...expected].filter(([, statusAt]) => (soon as readonly string[]).includes(statusAt(now))).map(([id]) => id);
        expect(await ids(soon)).to.deep.equal(want);
        const page = await storage().stores.concerts.search(query({ saleStatuses: ['OPEN', 'SOLD_OUT'], size: 2 }), now);
        expect(page.totalElements).to.equal([...expected].filter(([, statusAt]) => ['OPEN', 'SOLD_OUT'].includes(statusAt(now))).length);
        expect(page.rows).to.have.length(2);
        expect(await ids(SALE_STATUSES)).to.have.length(seated.length);
        const none = await storage().stores.concerts.search(query({ saleStatuses: ['OPEN'], keyword: 'no such title' }), now);
        expect(none).to.deep.equal({ rows: [], totalElements: 0 });
      });
    });
  });

  describe('HighlightCandidates', () => {
    eachStorage(open, (storage) => {
      it('finds sales opening in a window (after from, up to to), soonest first', async () => {
        const base = Date.UTC(2030, 0, 1);
        const later = await storeConcert(storage(), { generalSaleStartAt: base + 2_000 });
        const sooner = await storeConcert(storage(), { generalSaleStartAt: base + 1_000 });
        await storeConcert(storage(), { generalSaleStartAt: base });
        await storeConcert(storage(), { generalSaleStartAt: base + 3_001 });
        const found = await storage().stores.concerts.openingBetween(base, base + 3_000, 10);
        expect(found.map((row) => row.concert.id)).to.deep.equal([sooner.id, later.id]);
        expect((await storage().stores.concerts.openingBetween(base, base + 3_000, 1)).map((row) => row.concert.id)).to.deep.equal([sooner.id]);
      });

      it('finds open sales at risk of selling out, fewest seats first, and any open ones without a threshold', async () => {
        const { concerts, catalogue } = storage().stores;
        const open = Date.UTC(2020, 0, 1);
        const now = Date.UTC(2026, 0, 1);
        const few = await storeConcert(storage(), { generalSaleStartAt: open, totalSeatCount: 1000 });
        await catalogue.takeSeats(few.id, 995, now);
        const lowRate = await storeConcert(storage(), { generalSaleStartAt: open, totalSeatCount: 100 });
        await catalogue.takeSeats(lowRate.id, 92, now);
        const plenty = await storeConcert(storage(), { generalSaleStartAt: open, totalSeatCount: 100 });
        const soldOut = await storeConcert(storage(), { generalSaleStartAt: open, totalSeatCount: 1 });
        await catalogue.takeSeats(soldOut.id, 1, now);
        await storeConcert(storage(), { generalSaleStartAt: Date.UTC(2099, 0, 1), totalSeatCount: 1 });
        const risky = await concerts.sellOutRisk({ openAt: now, threshold: { maxSeats: 5, maxRate: 0.1 }, limit: 10 });
        expect(risky.map((row) => row.concert.id)).to.deep.equal([few.id, lowRate.id]);
        const any = await concerts.sellOutRisk({ openAt: now, threshold: null, limit: 10 });
        expect(any.map((row) => row.concert.id)).to.deep.equal([few.id, lowRate.id, plenty.id]);
      });
    });
  });
}
