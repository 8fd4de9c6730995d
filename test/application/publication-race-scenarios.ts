// Publications racing each other and the writes around them, each race forced into one order by
// holding a transaction at a chosen store call (a Gate) while the other side runs. The same
// scenarios run on the in-memory fake (test/application, the engine's rules) and on PostgreSQL
// (test/persistence, the adapter's locks, isolation and conditional writes).

import { expect } from 'chai';
import { UpdateConcert } from '../../src/application/admin/update-concert.js';
import { CardPublication } from '../../src/application/publication/card-publication.js';
import { LiveDelivery } from '../../src/application/publication/live-delivery.js';
import { ReserveSeats } from '../../src/application/reservations/reserve-seats.js';
import { InventoryCoalescer } from '../../src/application/publication/inventory-coalescer.js';
import { InvalidConcert, SaleNotOpen } from '../../src/domain/errors.js';
import { seedConcert, type ApplicationOnFakes } from '../support/application-on-fakes.js';
import { Gate } from '../support/gate.js';

const T = Date.UTC(2030, 5, 1, 12, 0, 0, 0);
const FIVE_MINUTES = 300_000;

export interface RaceEnvironment {
  readonly app: ApplicationOnFakes;
  /** Resolves once some transaction waits on a lock another one holds. */
  untilLockWait(): Promise<void>;
  close(): Promise<void>;
}

export function publicationRaceScenarios(open: () => Promise<RaceEnvironment>): void {
  let env: RaceEnvironment;
  let app: ApplicationOnFakes;
  const stored = async (id: number) => (await app.storage.stores.concerts.findByIds([id]))[0]!;
  const publication = (gate?: Gate) => {
    const transactions = gate ? gate.transactions(app.storage.transactions) : app.storage.transactions;
    return new CardPublication(transactions, app.get(LiveDelivery), app.storage.stores.cardStates, app.clock, app.observer);
  };

  beforeEach(async () => {
    env = await open();
    app = env.app;
  });

  afterEach(async () => {
    await env.close();
  });

  it('two wake-ups racing on one boundary publish it once; the second finds nothing left', async () => {
    app.clock.set(T);
    const concert = await seedConcert(app, { generalSaleStartAt: T }, { publishedStatus: 'OPEN_SOON_5M', nextBoundaryAt: T });
    const [one, two] = await Promise.all([0, 1].map(() => publication().publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: [concert.id], boundaryAt: T })));
    expect([one?.change?.items.length ?? 0, two?.change?.items.length ?? 0].sort()).to.deep.equal([0, 1]);
    expect(app.publisher.events).to.have.length(1);
    expect(app.observer.duplicates).to.have.length(1);
    expect((await stored(concert.id)).state).to.include({ version: 2, publishedStatus: 'OPEN' });
  });

  it('a seat flush that waits on another publication of the same card still publishes its change (SOLD_OUT is not dropped)', async () => {
    app.clock.set(T + 60_000);
    const concert = await seedConcert(app, { generalSaleStartAt: T, totalSeatCount: 3 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 3 });
    await app.storage.stores.catalogue.takeSeats(concert.id, 1, app.clock.now());
    // Flush 1 computes "2 left" and is held just before its outbox append (state written, not committed).
    const gate = new Gate('outbox', 'append');
    const first = publication(gate).publish({ reason: 'INVENTORY_CHANGED', concertIds: [concert.id] });
    await gate.reached;
    // The last two seats go, and flush 2 (at once: zero seats) starts while flush 1 is still open.
    await app.storage.stores.catalogue.takeSeats(concert.id, 2, app.clock.now());
    const second = publication().publish({ reason: 'INVENTORY_CHANGED', concertIds: [concert.id] });
    await env.untilLockWait();
    gate.release();
    const [one, two] = await Promise.all([first, second]);
    expect(one.change?.items.map((card) => [card.availableSeatCount, card.saleStatus, card.version])).to.deep.equal([[2, 'OPEN', 2]]);
    expect(two.change?.items.map((card) => [card.availableSeatCount, card.saleStatus, card.version])).to.deep.equal([[0, 'SOLD_OUT', 3]]);
    expect((await stored(concert.id)).state).to.include({ version: 3, publishedStatus: 'SOLD_OUT', publishedAvailableSeatCount: 0 });
    expect(app.publisher.seqs()).to.deep.equal([one.change!.seq, two.change!.seq]);
  });

  it('an edit whose transaction starts before a boundary but reads after its publication computes at the later instant', async () => {
    app.clock.set(T - 1);
    const concert = await seedConcert(app, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_5M', nextBoundaryAt: T });
    // The edit is held at its first statement; meanwhile the boundary passes and is published.
    const gate = new Gate('*', '*');
    const editing = new UpdateConcert(publication(gate)).execute(concert.id, { title: 'Renamed at the opening' });
    await gate.reached;
    app.clock.set(T);
    const boundary = await publication().publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: [concert.id], boundaryAt: T });
    expect(boundary.change?.items[0]).to.include({ saleStatus: 'OPEN', version: 2 });
    app.clock.set(T + 3);
    gate.release();
    expect(await editing).to.include({ title: 'Renamed at the opening', saleStatus: 'OPEN', version: 3, reservationButtonEnabled: true });
    expect((await stored(concert.id)).state).to.include({ version: 3, publishedStatus: 'OPEN', nextBoundaryAt: null });
  });

  it('an edit lowering the total refuses, writing nothing, when a reservation committed after its read leaves more seats sold', async () => {
    app.clock.set(T + 60_000);
    const concert = await seedConcert(app, { generalSaleStartAt: T, totalSeatCount: 100 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 100 });
    await app.storage.stores.catalogue.takeSeats(concert.id, 90, app.clock.now());
    // 90 sold: a total of 90 passes the edit's read; it is held before its write, and 5 more sell.
    const gate = new Gate('catalogue', 'update');
    const editing = new UpdateConcert(publication(gate)).execute(concert.id, { totalSeatCount: 90 }).then(() => null, (error: unknown) => error);
    await gate.reached;
    expect(await app.storage.stores.catalogue.takeSeats(concert.id, 5, app.clock.now())).to.include({ availableSeatCount: 5 });
    gate.release();
    const refused = await editing;
    expect(refused).to.be.instanceOf(InvalidConcert);
    expect((refused as InvalidConcert).message).to.include('95 seats already reserved');
    expect((await stored(concert.id)).concert).to.include({ totalSeatCount: 100, availableSeatCount: 5 });
  });

  it('a reservation checked while the sale was open takes no seat once an edit has moved the sale start into the future', async () => {
    app.clock.set(T + 60_000);
    const concert = await seedConcert(app, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 10 });
    const gate = new Gate('catalogue', 'takeSeats');
    const inventory = gate.wrap('catalogue', app.storage.stores.catalogue);
    const reserving = new ReserveSeats(app.storage.stores.concerts, inventory, app.storage.reservations, app.get(InventoryCoalescer), app.clock, 60_000)
      .execute(concert.id, 2)
      .then(() => null, (error: unknown) => error);
    await gate.reached;
    await new UpdateConcert(publication()).execute(concert.id, { generalSaleStartAt: T + 86_400_000 });
    gate.release();
    expect(await reserving).to.be.instanceOf(SaleNotOpen);
    expect((await stored(concert.id)).concert.availableSeatCount).to.equal(10);
  });

  it('asks for a wake-up at every boundary it stores, even one that passed before the commit, and at boundaries it only moved', async () => {
    const opening = await seedConcert(app, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_1H', nextBoundaryAt: T - FIVE_MINUTES });
    const behind = await seedConcert(app, { generalSaleStartAt: T + 30 * 60_000, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_1H', nextBoundaryAt: null });
    // The cards are computed at T - 1 ms; every later reading of the clock is past the opening.
    let reads = 0;
    const passing = { now: () => (reads++ === 0 ? T - 1 : T + 5) };
    const engine = new CardPublication(app.storage.transactions, app.get(LiveDelivery), app.storage.stores.cardStates, passing, app.observer);
    const { change } = await engine.publish({ reason: 'SALE_STATUS_TRANSITION', concertIds: [opening.id, behind.id], boundaryAt: T - FIVE_MINUTES });
    expect(change?.items.map((card) => [card.id, card.saleStatus])).to.deep.equal([[opening.id, 'OPEN_SOON_5M']]);
    expect((await stored(opening.id)).state.nextBoundaryAt).to.equal(T);
    expect((await stored(behind.id)).state, 'moved without a new version').to.include({ version: 1, nextBoundaryAt: T + 30 * 60_000 - FIVE_MINUTES });
    expect([...app.scheduler.wakeUps].sort()).to.deep.equal([T, T + 30 * 60_000 - FIVE_MINUTES]);
  });
}
