// ReserveSeats with an Idempotency-Key (issue 13.4), on the fake database: the same request sent
// again gets the first answer and takes no seat twice, however it is timed; another request under
// the key is refused; a rollback leaves the key free; answers are kept for the configured time.

import { expect } from 'chai';
import { InventoryCoalescer } from '../../src/application/publication/inventory-coalescer.js';
import { IdempotencyKeyReused, ReplayedRefusal } from '../../src/application/ports/inbound/reserve-seats.js';
import { DependencyUnavailable } from '../../src/application/ports/outbound/dependency-unavailable.js';
import type { ReservationTransactions } from '../../src/application/ports/outbound/reservation-transactions.js';
import { ReserveSeats } from '../../src/application/reservations/reserve-seats.js';
import { SaleNotOpen } from '../../src/domain/errors.js';
import { applicationOnFakes, seedConcert } from '../support/application-on-fakes.js';

const RETENTION_MS = 60_000;

async function fixture() {
  const app = await applicationOnFakes();
  const opened = app.clock.now() - 1_000;
  const concert = await seedConcert(app, { generalSaleStartAt: opened, totalSeatCount: 100 }, { publishedStatus: 'OPEN', publishedAvailableSeatCount: 100 });
  const changes: number[] = [];
  const coalescer = { seatsChanged: (id: number) => void changes.push(id) } as Pick<InventoryCoalescer, 'seatsChanged'>;
  const reserveOn = (transactions: ReservationTransactions) =>
    new ReserveSeats(app.storage.stores.concerts, app.storage.stores.catalogue, transactions, coalescer, app.clock, RETENTION_MS);
  const seatsLeft = async () => (await app.storage.stores.concerts.findByIds([concert.id]))[0]?.concert.availableSeatCount;
  return { app, concert, changes, reserve: reserveOn(app.storage.reservations), reserveOn, seatsLeft };
}

describe('ReserveSeats with an Idempotency-Key', () => {
  it('takes the seats once for the same key sent five times, and answers each with the first card', async () => {
    const { concert, changes, reserve, seatsLeft } = await fixture();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await reserve.execute(concert.id, 2, 'key-a'));
    expect(await seatsLeft()).to.equal(98);
    expect(answers.map((a) => a.replayed)).to.deep.equal([false, true, true, true, true]);
    expect(new Set(answers.map((a) => JSON.stringify(a.card))).size, 'one card, the first').to.equal(1);
    expect(changes, 'one seat change published').to.deep.equal([concert.id]);
  });

  it('takes the seats once when the five arrive at the same time', async () => {
    const { concert, reserve, seatsLeft } = await fixture();
    const answers = await Promise.all(Array.from({ length: 5 }, () => reserve.execute(concert.id, 2, 'key-b')));
    expect(await seatsLeft()).to.equal(98);
    expect(answers.filter((a) => !a.replayed)).to.have.length(1);
  });

  it('still books once per request without a key, and once per distinct key', async () => {
    const { concert, reserve, seatsLeft } = await fixture();
    await reserve.execute(concert.id, 1);
    await reserve.execute(concert.id, 1);
    await reserve.execute(concert.id, 1, 'one');
    await reserve.execute(concert.id, 1, 'two');
    expect(await seatsLeft()).to.equal(96);
  });

  it('refuses the key sent with another quantity or another concert, and takes nothing', async () => {
    const { app, concert, reserve, seatsLeft } = await fixture();
    const other = await seedConcert(app, { generalSaleStartAt: app.clock.now() - 1_000 }, { publishedStatus: 'OPEN' });
    await reserve.execute(concert.id, 2, 'key-c');
    expect(await reserve.execute(concert.id, 3, 'key-c').catch((e: unknown) => e)).to.be.instanceOf(IdempotencyKeyReused);
    expect(await reserve.execute(other.id, 2, 'key-c').catch((e: unknown) => e)).to.be.instanceOf(IdempotencyKeyReused);
    expect(await seatsLeft()).to.equal(98);
  });

  it('keeps a refusal as the answer too: the same key is refused again after the sale opens, a new key books', async () => {
    const { app, reserve } = await fixture();
    const later = await seedConcert(app, { generalSaleStartAt: app.clock.now() + 30_000 }, { publishedStatus: 'OPEN_SOON_5M' });
    const first = await reserve.execute(later.id, 1, 'early').catch((e: unknown) => e);
    expect(first).to.be.instanceOf(SaleNotOpen);
    app.clock.advance(31_000); // open now, and the answer is still kept
    const again = await reserve.execute(later.id, 1, 'early').catch((e: unknown) => e);
    expect(again).to.be.instanceOf(ReplayedRefusal);
    expect((again as ReplayedRefusal).refusal).to.be.instanceOf(SaleNotOpen);
    expect((await reserve.execute(later.id, 1, 'fresh')).replayed).to.equal(false);
  });

  it('leaves the key free when the database fails before the commit: the retry books once', async () => {
    const { app, concert, reserveOn, seatsLeft } = await fixture();
    let failures = 1;
    const flaky: ReservationTransactions = {
      run: (work) =>
        app.storage.reservations.run((stores) =>
          work({
            ...stores,
            requests: {
              claim: (key, now) => stores.requests.claim(key, now),
              record: async (key, answer, expiresAt) => {
                if (failures-- > 0) throw new DependencyUnavailable('database', { cause: new Error('connection lost') });
                return stores.requests.record(key, answer, expiresAt);
              },
            },
          }),
        ),
    };
    const reserve = reserveOn(flaky);
    expect(await reserve.execute(concert.id, 2, 'key-d').catch((e: unknown) => e)).to.be.instanceOf(DependencyUnavailable);
    expect(await seatsLeft(), 'the seats rolled back with the answer').to.equal(100);
    expect((await reserve.execute(concert.id, 2, 'key-d')).replayed).to.equal(false);
    expect(await seatsLeft()).to.equal(98);
  });

  it('forgets an answer after the retention time: the key then books again', async () => {
    const { app, concert, reserve, seatsLeft } = await fixture();
    await reserve.execute(concert.id, 1, 'key-e');
    app.clock.advance(RETENTION_MS - 1);
    expect((await reserve.execute(concert.id, 1, 'key-e')).replayed).to.equal(true);
    app.clock.advance(1);
    expect((await reserve.execute(concert.id, 1, 'key-e')).replayed).to.equal(false);
    expect(await seatsLeft()).to.equal(98);
  });
});

