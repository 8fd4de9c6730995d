// Publications racing each other and the writes around them, on real PostgreSQL with the real use
// cases. Each race is made deterministic by holding one transaction at a chosen store call (a
// gate) while the other side runs, then letting it go on: the interleavings a slow pool, a busy
// instance or a second instance produce by chance.

import { expect } from 'chai';
import pg from 'pg';
import { UpdateConcert } from '../../src/application/admin/update-concert.js';
import type { EmitLiveChange } from '../../src/application/live/emit-live-change.js';
import { PublishCardChanges } from '../../src/application/live/publish-card-changes.js';
import type { ConcertRepository } from '../../src/application/ports/concert-repository.js';
import type { PublicationObserver } from '../../src/application/ports/publication-observer.js';
import type { TransactionalStores, UnitOfWork } from '../../src/application/ports/unit-of-work.js';
import { ReserveSeats } from '../../src/application/reservations/reserve-seats.js';
import type { CoalesceInventoryChanges } from '../../src/application/live/coalesce-inventory-changes.js';
import { InvalidConcert, SaleNotOpen } from '../../src/domain/errors.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { openMigratedPersistence, storeConcert, type PersistenceFixture } from './persistence-fixture.js';

const T = Date.UTC(2030, 5, 1, 12, 0, 0, 0);
const FIVE_MINUTES = 300_000;

/** Holds the first call of `store.method` (`*` for any) until release(); `reached` resolves when it is held. */
class Gate {
  private open!: () => void;
  private arrived!: () => void;
  private used = false;
  readonly reached = new Promise<void>((resolve) => (this.arrived = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  constructor(
    private readonly store: string,
    private readonly method: string,
  ) {}

  release(): void {
    this.open();
  }

  /** `target` with the gated method waiting at the gate on its first call. */
  wrap<S extends object>(name: string, target: S): S {
    if (this.store !== '*' && name !== this.store) return target;
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if ((this.method !== '*' && property !== this.method) || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (!this.used) {
            this.used = true;
            this.arrived();
            await this.opened;
          }
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }

  unitOfWork(inner: UnitOfWork): UnitOfWork {
    return {
      transaction: (work) =>
        inner.transaction((stores) =>
          work(Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, this.wrap(name, store as object)])) as unknown as TransactionalStores),
        ),
    };
  }
}

describe('publication races (PostgreSQL)', function () {
  this.timeout(20_000);
  let fixture: PersistenceFixture;
  const emitted: number[] = [];
  const wakeUps: number[] = [];
  const emitter = { emit: async (change: { seq: number }) => (emitted.push(change.seq), true) } as unknown as EmitLiveChange;
  const scheduler = { wakeAt: async (instant: number) => void wakeUps.push(instant) };
  const observer: PublicationObserver = { emitted: () => undefined, duplicateSuppressed: () => undefined, failed: () => undefined };
  const publisher = (unitOfWork: UnitOfWork, clock: AdjustableClock) => new PublishCardChanges(unitOfWork, emitter, scheduler, clock, observer);

  beforeEach(async () => {
    fixture = await openMigratedPersistence();
    emitted.length = 0;
    wakeUps.length = 0;
  });

  afterEach(async () => {
    await fixture.close();
  });

  const stored = async (id: number) => (await fixture.persistence.stores.concerts.findByIds([id]))[0]!;

  it('a seat flush that waits on another publication of the same card still publishes its change (SOLD_OUT is not dropped)', async () => {
    const { persistence } = fixture;
    const clock = new AdjustableClock(T + 60_000);
    const concert = await storeConcert(persistence, { generalSaleStartAt: T, totalSeatCount: 3 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 3 });
    await persistence.stores.concerts.takeSeats(concert.id, 1, clock.now());

    // Flush 1 computes "2 left" and is held just before its outbox append (state written, not committed).
    const gate = new Gate('outbox', 'append');
    const first = publisher(gate.unitOfWork(persistence.unitOfWork), clock).publish([concert.id], 'INVENTORY_CHANGED');
    await gate.reached;
    // The last two seats go, and flush 2 (at once: zero seats) starts while flush 1 is still open.
    await persistence.stores.concerts.takeSeats(concert.id, 2, clock.now());
    const second = publisher(persistence.unitOfWork, clock).publish([concert.id], 'INVENTORY_CHANGED');
    await waitForLockWait(fixture);
    gate.release();

    const [one, two] = await Promise.all([first, second]);
    expect(one?.items.map((card) => [card.availableSeatCount, card.saleStatus, card.version])).to.deep.equal([[2, 'OPEN', 2]]);
    expect(two?.items.map((card) => [card.availableSeatCount, card.saleStatus, card.version])).to.deep.equal([[0, 'SOLD_OUT', 3]]);
    expect((await stored(concert.id)).state).to.include({ version: 3, publishedStatus: 'SOLD_OUT', publishedAvailableSeatCount: 0 });
    expect(emitted).to.deep.equal([one!.seq, two!.seq]);
  });

  it('an edit whose transaction starts before a boundary but reads after its publication computes at the later instant', async () => {
    const { persistence } = fixture;
    const clock = new AdjustableClock(T - 1);
    const concert = await storeConcert(persistence, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_5M', publishedAvailableSeatCount: 10, nextBoundaryAt: T });

    // The edit is held at its first statement; meanwhile the boundary passes and is published.
    const gate = new Gate('*', '*');
    const editing = new UpdateConcert(gate.unitOfWork(persistence.unitOfWork), publisher(persistence.unitOfWork, clock), clock).execute(concert.id, { title: 'Renamed at the opening' });
    await gate.reached;
    clock.set(T);
    const boundary = await publisher(persistence.unitOfWork, clock).publish([concert.id], 'SALE_STATUS_TRANSITION', T);
    expect(boundary?.items[0]).to.include({ saleStatus: 'OPEN', version: 2 });
    clock.set(T + 3);
    gate.release();

    const edited = await editing;
    expect(edited).to.include({ title: 'Renamed at the opening', saleStatus: 'OPEN', version: 3, reservationButtonEnabled: true });
    expect((await stored(concert.id)).state).to.include({ version: 3, publishedStatus: 'OPEN', nextBoundaryAt: null });
  });

  it('an edit lowering the total refuses, writing nothing, when a reservation committed after its read leaves more seats sold', async () => {
    const { persistence } = fixture;
    const clock = new AdjustableClock(T + 60_000);
    const concert = await storeConcert(persistence, { generalSaleStartAt: T, totalSeatCount: 100 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 100 });
    await persistence.stores.concerts.takeSeats(concert.id, 90, clock.now());

    // 90 sold: a total of 90 passes the edit's read; it is held before its write, and 5 more sell.
    const gate = new Gate('concerts', 'update');
    const editing = new UpdateConcert(gate.unitOfWork(persistence.unitOfWork), publisher(persistence.unitOfWork, clock), clock)
      .execute(concert.id, { totalSeatCount: 90 })
      .then(() => null, (error: unknown) => error);
    await gate.reached;
    expect(await persistence.stores.concerts.takeSeats(concert.id, 5, clock.now())).to.include({ availableSeatCount: 5 });
    gate.release();

    const refused = await editing;
    expect(refused).to.be.instanceOf(InvalidConcert);
    expect((refused as InvalidConcert).message).to.include('95 seats already reserved');
    expect((await stored(concert.id)).concert).to.include({ totalSeatCount: 100, availableSeatCount: 5 });
  });

  it('a reservation checked while the sale was open takes no seat once an edit has moved the sale start into the future', async () => {
    const { persistence } = fixture;
    const clock = new AdjustableClock(T + 60_000);
    const concert = await storeConcert(persistence, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 10 });
    const gate = new Gate('concerts', 'takeSeats');
    const concerts = gate.wrap('concerts', persistence.stores.concerts as ConcertRepository);
    const coalescer = { seatsChanged: () => undefined } as unknown as CoalesceInventoryChanges;

    const reserving = new ReserveSeats(concerts, coalescer, clock).execute(concert.id, 2).then(() => null, (error: unknown) => error);
    await gate.reached;
    await new UpdateConcert(persistence.unitOfWork, publisher(persistence.unitOfWork, clock), clock).execute(concert.id, { generalSaleStartAt: T + 86_400_000 });
    gate.release();

    expect(await reserving).to.be.instanceOf(SaleNotOpen);
    expect((await stored(concert.id)).concert.availableSeatCount).to.equal(10);
  });

  it('asks for a wake-up at every boundary it stores, even one that passed before the commit, and at boundaries it only moved', async () => {
    const { persistence } = fixture;
    const opening = await storeConcert(persistence, { generalSaleStartAt: T, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_1H', publishedAvailableSeatCount: 10, nextBoundaryAt: T - FIVE_MINUTES });
    const behind = await storeConcert(persistence, { generalSaleStartAt: T + 30 * 60_000, totalSeatCount: 10 }, { publishedStatus: 'OPEN_SOON_1H', publishedAvailableSeatCount: 10, nextBoundaryAt: null });
    // The cards are computed at T - 1 ms; every later reading of the clock is past the opening.
    let reads = 0;
    const clock = new AdjustableClock(T - 1);
    const passing = { now: () => (reads++ === 0 ? clock.now() : T + 5) } as unknown as AdjustableClock;

    const change = await publisher(persistence.unitOfWork, passing).publish([opening.id, behind.id], 'SALE_STATUS_TRANSITION', T - FIVE_MINUTES);
    expect(change?.items.map((card) => [card.id, card.saleStatus])).to.deep.equal([[opening.id, 'OPEN_SOON_5M']]);
    expect((await stored(opening.id)).state.nextBoundaryAt).to.equal(T);
    expect((await stored(behind.id)).state, 'moved without a new version').to.include({ version: 1, nextBoundaryAt: T + 30 * 60_000 - FIVE_MINUTES });
    expect(wakeUps.sort()).to.deep.equal([T, T + 30 * 60_000 - FIVE_MINUTES]);
  });
});

/** Waits until some session of the test database waits on a lock (the racing transaction blocked). */
async function waitForLockWait(fixture: PersistenceFixture): Promise<void> {
  const client = new pg.Client({ connectionString: fixture.database.url });
  await client.connect();
  try {
    for (let tries = 0; tries < 200; tries += 1) {
      const { rows } = await client.query<{ waiting: string }>(
        `select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.waiting) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the second transaction never waited on a lock');
  } finally {
    await client.end();
  }
}
