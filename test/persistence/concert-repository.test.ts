import { expect } from 'chai';
import { aConcert, aFullyDescribedConcert } from '../support/concert-mother.js';
import { openMigratedPersistence, storeConcert, type PersistenceFixture } from './persistence-fixture.js';

/** A sale that started long ago: seats can be taken. */
const OPENED = Date.UTC(2020, 0, 1);

describe('concert repository (PostgreSQL)', () => {
  let fixture: PersistenceFixture;
  const concerts = () => fixture.persistence.stores.concerts;

  before(async () => {
    fixture = await openMigratedPersistence(20);
  });

  after(async () => {
    await fixture.close();
  });

  it('stores every field and reads it back with its card state', async () => {
    const details = aFullyDescribedConcert();
    const inserted = await storeConcert(fixture.persistence, details, { version: 3, publishedStatus: 'PREOPEN', nextBoundaryAt: Date.UTC(2026, 2, 1, 11, 0, 0, 123) });
    expect(inserted).to.deep.equal({ ...details, id: inserted.id, availableSeatCount: details.totalSeatCount });
    const [stored] = await concerts().findByIds([inserted.id, 999_999]);
    expect(stored).to.deep.equal({
      concert: inserted,
      state: { concertId: inserted.id, version: 3, publishedStatus: 'PREOPEN', publishedAvailableSeatCount: 500, nextBoundaryAt: Date.UTC(2026, 2, 1, 11, 0, 0, 123) },
    });
    expect(await concerts().findByIds([])).to.deep.equal([]);
  });

  it('moves available seats with a new total, and writes nothing for a total below the seats reserved', async () => {
    const opened = { generalSaleStartAt: OPENED };
    const concert = await storeConcert(fixture.persistence, { ...opened, totalSeatCount: 10 });
    await concerts().takeSeats(concert.id, 6, Date.now());
    const grown = await concerts().update(concert.id, aConcert({ ...opened, title: 'Renamed', totalSeatCount: 15 }));
    expect(grown).to.include({ title: 'Renamed', totalSeatCount: 15, availableSeatCount: 9 });
    expect(await concerts().update(concert.id, aConcert({ ...opened, title: 'Too small', totalSeatCount: 5 })), '6 seats are reserved').to.equal(null);
    const [unchanged] = await concerts().findByIds([concert.id]);
    expect(unchanged?.concert).to.include({ title: 'Renamed', totalSeatCount: 15, availableSeatCount: 9 });
    const shrunk = await concerts().update(concert.id, aConcert({ ...opened, totalSeatCount: 6 }));
    expect(shrunk).to.include({ totalSeatCount: 6, availableSeatCount: 0 });
    expect(await concerts().update(987_654, aConcert())).to.equal(null);
  });

  it('deletes a concert together with its card state, and the catalogue total follows', async () => {
    const everything = { keyword: null, artistName: null, entertainmentName: null, page: 0, size: 1, sort: { field: 'id', direction: 'asc' } } as const;
    const concert = await storeConcert(fixture.persistence);
    const before = (await concerts().search(everything)).totalElements;
    expect(await concerts().delete(concert.id)).to.equal(true);
    expect((await concerts().search(everything)).totalElements).to.equal(before - 1);
    expect(await concerts().delete(concert.id)).to.equal(false);
    expect(await concerts().findByIds([concert.id])).to.deep.equal([]);
  });

  it('never oversells: 200 concurrent single-seat takes on 100 seats succeed exactly 100 times', async () => {
    const concert = await storeConcert(fixture.persistence, { generalSaleStartAt: OPENED, totalSeatCount: 100 });
    const results = await Promise.all(Array.from({ length: 200 }, () => concerts().takeSeats(concert.id, 1, Date.now())));
    expect(results.filter((result) => result !== null)).to.have.length(100);
    const [stored] = await concerts().findByIds([concert.id]);
    expect(stored?.concert.availableSeatCount).to.equal(0);
  });

  it('refuses to take more seats than are left', async () => {
    const concert = await storeConcert(fixture.persistence, { generalSaleStartAt: OPENED, totalSeatCount: 2 });
    expect(await concerts().takeSeats(concert.id, 3, Date.now())).to.equal(null);
    expect(await concerts().takeSeats(concert.id, 2, Date.now())).to.include({ availableSeatCount: 0 });
    expect(await concerts().takeSeats(424_242, 1, Date.now())).to.equal(null);
  });

  it('takes no seats before the sale starts or from an unscheduled sale, whatever the caller checked', async () => {
    const startsAt = Date.UTC(2030, 0, 1);
    const later = await storeConcert(fixture.persistence, { generalSaleStartAt: startsAt, totalSeatCount: 5 });
    const unscheduled = await storeConcert(fixture.persistence, { generalSaleStartAt: null, totalSeatCount: 5 });
    expect(await concerts().takeSeats(later.id, 1, startsAt - 1)).to.equal(null);
    expect(await concerts().takeSeats(unscheduled.id, 1, startsAt)).to.equal(null);
    expect(await concerts().takeSeats(later.id, 1, startsAt)).to.include({ availableSeatCount: 4 });
  });

  it('finds sales opening in a window, soonest first', async () => {
    const base = Date.UTC(2030, 0, 1);
    const later = await storeConcert(fixture.persistence, { generalSaleStartAt: base + 2_000 });
    const sooner = await storeConcert(fixture.persistence, { generalSaleStartAt: base + 1_000 });
    await storeConcert(fixture.persistence, { generalSaleStartAt: base });
    await storeConcert(fixture.persistence, { generalSaleStartAt: base + 3_001 });
    const found = await concerts().findOpeningBetween(base, base + 3_000, 10);
    expect(found.map((row) => row.concert.id)).to.deep.equal([sooner.id, later.id]);
  });

  it('finds open sales at risk of selling out, fewest seats first', async () => {
    const fresh = await openMigratedPersistence();
    try {
      const open = Date.UTC(2020, 0, 1);
      const few = await storeConcert(fresh.persistence, { generalSaleStartAt: open, totalSeatCount: 1000 });
      await fresh.persistence.stores.concerts.takeSeats(few.id, 995, Date.now());
      const lowRate = await storeConcert(fresh.persistence, { generalSaleStartAt: open, totalSeatCount: 100 });
      await fresh.persistence.stores.concerts.takeSeats(lowRate.id, 92, Date.now());
      const plenty = await storeConcert(fresh.persistence, { generalSaleStartAt: open, totalSeatCount: 100 });
      const soldOut = await storeConcert(fresh.persistence, { generalSaleStartAt: open, totalSeatCount: 1 });
      await fresh.persistence.stores.concerts.takeSeats(soldOut.id, 1, Date.now());
      await storeConcert(fresh.persistence, { generalSaleStartAt: Date.UTC(2099, 0, 1), totalSeatCount: 1 });
      const risky = await fresh.persistence.stores.concerts.findSellOutRisk({ openAt: Date.UTC(2026, 0, 1), threshold: { maxSeats: 5, maxRate: 0.1 }, limit: 10 });
      expect(risky.map((row) => row.concert.id)).to.deep.equal([few.id, lowRate.id]);
      const any = await fresh.persistence.stores.concerts.findSellOutRisk({ openAt: Date.UTC(2026, 0, 1), threshold: null, limit: 10 });
      expect(any.map((row) => row.concert.id)).to.deep.equal([few.id, lowRate.id, plenty.id]);
    } finally {
      await fresh.close();
    }
  });
});
