// Contracts of the concert ports: StoredConcerts (reads with the card state), ConcertCatalogue
// (insert, edit, delete) and SeatInventory (taking seats atomically).

import { expect } from 'chai';
import { aConcert, aFullyDescribedConcert } from '../support/concert-mother.js';
import { eachStorage, storeConcert, type OpenStorage } from './storage-under-test.js';

/** A sale that started long ago: seats can be taken. */
const OPENED = Date.UTC(2020, 0, 1);
const NOW = Date.UTC(2026, 0, 1);

export function concertPortContracts(open: OpenStorage): void {
  describe('StoredConcerts and ConcertCatalogue', () => {
    eachStorage(open, (storage) => {
      it('stores every field and reads it back with its card state, in id order, skipping unknown ids', async () => {
        const details = aFullyDescribedConcert();
        const boundary = Date.UTC(2026, 2, 1, 11, 0, 0, 123);
        const inserted = await storeConcert(storage(), details, { version: 3, publishedStatus: 'PREOPEN', nextBoundaryAt: boundary });
        const other = await storeConcert(storage());
        expect(inserted).to.deep.equal({ ...details, id: inserted.id, availableSeatCount: details.totalSeatCount });
        const found = await storage().stores.concerts.findByIds([other.id, 999_999, inserted.id]);
        expect(found.map((row) => row.concert.id)).to.deep.equal([inserted.id, other.id]);
        expect(found[0]).to.deep.equal({
          concert: inserted,
          state: { concertId: inserted.id, version: 3, publishedStatus: 'PREOPEN', publishedAvailableSeatCount: 500, nextBoundaryAt: boundary },
        });
        expect(await storage().stores.concerts.findByIds([])).to.deep.equal([]);
      });

      it('moves available seats with a new total, and writes nothing for a total below the seats sold', async () => {
        const { catalogue, concerts } = storage().stores;
        const opened = { generalSaleStartAt: OPENED };
        const concert = await storeConcert(storage(), { ...opened, totalSeatCount: 10 });
        await catalogue.takeSeats(concert.id, 6, NOW);
        const grown = await catalogue.update(concert.id, aConcert({ ...opened, title: 'Renamed', totalSeatCount: 15 }), NOW);
        expect(grown).to.include({ title: 'Renamed', totalSeatCount: 15, availableSeatCount: 9 });
        expect(await catalogue.update(concert.id, aConcert({ ...opened, title: 'Too small', totalSeatCount: 5 }), NOW), '6 seats are sold').to.equal(null);
        const [unchanged] = await concerts.findByIds([concert.id]);
        expect(unchanged?.concert).to.include({ title: 'Renamed', totalSeatCount: 15, availableSeatCount: 9 });
        expect(await catalogue.update(concert.id, aConcert({ ...opened, totalSeatCount: 6 }), NOW)).to.include({ totalSeatCount: 6, availableSeatCount: 0 });
        expect(await catalogue.update(987_654, aConcert(), NOW)).to.equal(null);
      });

      it('deletes a concert together with its card state', async () => {
        const { catalogue, concerts } = storage().stores;
        const concert = await storeConcert(storage());
        expect(await catalogue.delete(concert.id)).to.equal(true);
        expect(await catalogue.delete(concert.id)).to.equal(false);
        expect(await concerts.findByIds([concert.id])).to.deep.equal([]);
        expect(await storage().stores.cardStates.compareAndSet(1, { concertId: concert.id, version: 2, publishedStatus: 'OPEN', publishedAvailableSeatCount: 0, nextBoundaryAt: null })).to.equal(false);
      });
    });
  });

  describe('SeatInventory', () => {
    eachStorage(open, (storage) => {
      it('never oversells: 200 concurrent single-seat takes on 100 seats succeed exactly 100 times', async () => {
        const concert = await storeConcert(storage(), { generalSaleStartAt: OPENED, totalSeatCount: 100 });
        const results = await Promise.all(Array.from({ length: 200 }, () => storage().stores.catalogue.takeSeats(concert.id, 1, NOW)));
        expect(results.filter((result) => result !== null)).to.have.length(100);
        const [stored] = await storage().stores.concerts.findByIds([concert.id]);
        expect(stored?.concert.availableSeatCount).to.equal(0);
      });

      it('refuses to take more seats than are left, or from an unknown concert', async () => {
        const { catalogue } = storage().stores;
        const concert = await storeConcert(storage(), { generalSaleStartAt: OPENED, totalSeatCount: 2 });
        expect(await catalogue.takeSeats(concert.id, 3, NOW)).to.equal(null);
        expect(await catalogue.takeSeats(concert.id, 2, NOW)).to.include({ availableSeatCount: 0 });
        expect(await catalogue.takeSeats(424_242, 1, NOW)).to.equal(null);
      });

      it('takes no seats before the sale starts or from an unscheduled sale, whatever the caller checked', async () => {
        const { catalogue } = storage().stores;
        const startsAt = Date.UTC(2030, 0, 1);
        const later = await storeConcert(storage(), { generalSaleStartAt: startsAt, totalSeatCount: 5 });
        const unscheduled = await storeConcert(storage(), { generalSaleStartAt: null, totalSeatCount: 5 });
        expect(await catalogue.takeSeats(later.id, 1, startsAt - 1)).to.equal(null);
        expect(await catalogue.takeSeats(unscheduled.id, 1, startsAt)).to.equal(null);
        expect(await catalogue.takeSeats(later.id, 1, startsAt)).to.include({ availableSeatCount: 4 });
      });

      it('makes a reservation wait for an edit holding the row, then re-check the seats the edit left', async () => {
        const concert = await storeConcert(storage(), { generalSaleStartAt: OPENED, totalSeatCount: 10 });
        let release!: () => void;
        let wrote!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const edited = new Promise<void>((resolve) => (wrote = resolve));
        // The edit lowers the total to 5 and keeps its transaction (and the row lock) open.
        const editing = storage().transactions.run(async (stores) => {
          const concertAfter = await stores.catalogue.update(concert.id, aConcert({ generalSaleStartAt: OPENED, totalSeatCount: 5 }), NOW);
          wrote();
          await held;
          return concertAfter;
        });
        await edited;
        let done = false;
        const reserving = storage()
          .stores.catalogue.takeSeats(concert.id, 6, NOW)
          .finally(() => (done = true));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(done, 'the reservation waits for the row').to.equal(false);
        release();
        expect(await editing).to.include({ totalSeatCount: 5, availableSeatCount: 5 });
        expect(await reserving, 'it re-read the committed row: 5 left, 6 asked').to.equal(null);
        const [after] = await storage().stores.concerts.findByIds([concert.id]);
        expect(after?.concert).to.include({ totalSeatCount: 5, availableSeatCount: 5 });
      });
    });
  });
}
