// Contracts of PublishedCardStates (lock, create, compare-and-set) and CardsDue (boundaries and
// seat drift the boundary wake-up and the reconcile job ask about).

import { expect } from 'chai';
import type { PublishedCardState } from '../../src/domain/card/card-state.js';
import { eachStorage, storeConcert, type OpenStorage } from './storage-under-test.js';

const T = Date.UTC(2026, 5, 1);

export function cardStatePortContracts(open: OpenStorage): void {
  describe('PublishedCardStates', () => {
    eachStorage(open, (storage) => {
      const next = (concertId: number, version: number, status: PublishedCardState['publishedStatus']): PublishedCardState => ({
        concertId,
        version,
        publishedStatus: status,
        publishedAvailableSeatCount: 0,
        nextBoundaryAt: null,
      });

      it('lets exactly one of two racing compare-and-sets on the same version win', async () => {
        const concert = await storeConcert(storage(), {}, { version: 4 });
        const { cardStates, concerts } = storage().stores;
        const outcomes = await Promise.all([cardStates.compareAndSet(4, next(concert.id, 5, 'OPEN')), cardStates.compareAndSet(4, next(concert.id, 5, 'SOLD_OUT'))]);
        expect(outcomes.filter(Boolean)).to.have.length(1);
        expect((await concerts.findByIds([concert.id]))[0]?.state.version).to.equal(5);
        expect(await cardStates.compareAndSet(4, next(concert.id, 5, 'OPEN'))).to.equal(false);
      });

      it('makes a second transaction locking the same card wait until the first ends, and lets other cards through', async () => {
        const [a, b] = [await storeConcert(storage()), await storeConcert(storage())];
        let release!: () => void;
        let locked!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const firstHolds = new Promise<void>((resolve) => (locked = resolve));
        const order: string[] = [];
        const first = storage().transactions.run(async (stores) => {
          await stores.cardStates.lock([a.id]);
          locked();
          await held;
          order.push('first done');
        });
        await firstHolds;
        const other = storage().transactions.run(async (stores) => {
          await stores.cardStates.lock([b.id]);
          order.push('other card');
        });
        const second = storage().transactions.run(async (stores) => {
          await stores.cardStates.lock([b.id, a.id]);
          order.push('second locked');
        });
        await other;
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(order).to.deep.equal(['other card']);
        release();
        await Promise.all([first, second]);
        expect(order).to.deep.equal(['other card', 'first done', 'second locked']);
      });

      it('refuses a second card state for one concert', async () => {
        const concert = await storeConcert(storage());
        const again = await storage()
          .transactions.run((stores) => stores.cardStates.create(next(concert.id, 1, 'OPEN')))
          .then(() => 'created', () => 'refused');
        expect(again).to.equal('refused');
      });
    });
  });

  describe('CardsDue', () => {
    eachStorage(open, (storage) => {
      it('finds concerts whose boundary is due, oldest boundary first, up to the limit', async () => {
        const late = await storeConcert(storage(), {}, { nextBoundaryAt: T });
        const early = await storeConcert(storage(), {}, { nextBoundaryAt: T - 1_000 });
        await storeConcert(storage(), {}, { nextBoundaryAt: T + 1 });
        await storeConcert(storage(), {}, { nextBoundaryAt: null });
        expect(await storage().stores.cardStates.boundaryDue(T, 10)).to.deep.equal([early.id, late.id]);
        expect(await storage().stores.cardStates.boundaryDue(T, 1)).to.deep.equal([early.id]);
      });

      it('finds concerts whose seats changed since publication, once the change is at or before the instant', async () => {
        const drifted = await storeConcert(storage(), { generalSaleStartAt: Date.UTC(2020, 0, 1), totalSeatCount: 10 });
        await storeConcert(storage(), { totalSeatCount: 10 });
        await storage().stores.catalogue.takeSeats(drifted.id, 2, T);
        expect(await storage().stores.cardStates.inventoryDrift(T - 1, 10)).to.deep.equal([]);
        expect(await storage().stores.cardStates.inventoryDrift(T, 10)).to.deep.equal([drifted.id]);
      });
    });
  });
}
