import { expect } from 'chai';
import { openMigratedPersistence, storeConcert, type PersistenceFixture } from './persistence-fixture.js';

describe('card state store (PostgreSQL)', () => {
  let fixture: PersistenceFixture;
  const cardStates = () => fixture.persistence.stores.cardStates;

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('lets exactly one of two racing compare-and-sets on the same version win', async () => {
    const concert = await storeConcert(fixture.persistence, {}, { version: 4 });
    const next = (status: 'OPEN' | 'SOLD_OUT') => ({ concertId: concert.id, version: 5, publishedStatus: status, publishedAvailableSeatCount: 0, nextBoundaryAt: null });
    const outcomes = await Promise.all([cardStates().compareAndSet(4, next('OPEN')), cardStates().compareAndSet(4, next('SOLD_OUT'))]);
    expect(outcomes.filter(Boolean)).to.have.length(1);
    const [stored] = await fixture.persistence.stores.concerts.findByIds([concert.id]);
    expect(stored?.state.version).to.equal(5);
    expect(await cardStates().compareAndSet(4, next('OPEN'))).to.equal(false);
  });

  it('finds concerts whose boundary is due, oldest boundary first', async () => {
    const t = Date.UTC(2026, 5, 1);
    const late = await storeConcert(fixture.persistence, {}, { nextBoundaryAt: t });
    const early = await storeConcert(fixture.persistence, {}, { nextBoundaryAt: t - 1_000 });
    await storeConcert(fixture.persistence, {}, { nextBoundaryAt: t + 1 });
    await storeConcert(fixture.persistence, {}, { nextBoundaryAt: null });
    expect(await cardStates().findBoundaryDue(t, 10)).to.deep.equal([early.id, late.id]);
    expect(await cardStates().findBoundaryDue(t, 1)).to.deep.equal([early.id]);
  });

  it('finds concerts whose seats changed since publication, once the change is old enough', async () => {
    const drifted = await storeConcert(fixture.persistence, { generalSaleStartAt: Date.UTC(2020, 0, 1), totalSeatCount: 10 });
    await storeConcert(fixture.persistence, { totalSeatCount: 10 });
    const before = Date.now() - 60_000;
    await fixture.persistence.stores.concerts.takeSeats(drifted.id, 2, Date.now());
    expect(await cardStates().findInventoryDrift(before, 10)).to.deep.equal([]);
    expect(await cardStates().findInventoryDrift(Date.now() + 60_000, 10)).to.deep.equal([drifted.id]);
  });
});
