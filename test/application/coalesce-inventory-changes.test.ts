import { expect } from 'chai';
import { InventoryCoalescer } from '../../src/application/publication/inventory-coalescer.js';
import type { PublicationRequest } from '../../src/application/publication/card-publication.js';
import { ReserveSeats } from '../../src/application/reservations/reserve-seats.js';
import { applicationOnFakes, seedConcert } from '../support/application-on-fakes.js';
import { ManualTimer, RecordingObserver } from '../support/fakes/live-recorders.js';

function fixture(windowMs = 250) {
  const published: number[][] = [];
  const publication = { publish: async (request: PublicationRequest) => (published.push([...request.concertIds]), { change: null, cards: [] }) };
  const timer = new ManualTimer();
  return { published, timer, coalescer: new InventoryCoalescer(publication, timer, new RecordingObserver(), windowMs) };
}

describe('InventoryCoalescer', () => {
  it('publishes a rush of seat changes as one event per window, all concerts together', async () => {
    const { published, timer, coalescer } = fixture();
    for (let i = 0; i < 100; i += 1) coalescer.seatsChanged(1 + (i % 3), false);
    expect(published, 'nothing before the window closes').to.deep.equal([]);
    expect(timer.pending.map((p) => p.delayMs)).to.deep.equal([250]);
    timer.fire();
    await coalescer.drain();
    expect(published).to.deep.equal([[1, 2, 3]]);
  });

  it('never delays a concert reaching zero seats: it flushes at once, with what was pending', async () => {
    const { published, timer, coalescer } = fixture();
    coalescer.seatsChanged(7, false);
    coalescer.seatsChanged(8, true);
    await coalescer.drain();
    expect(published).to.deep.equal([[7, 8]]);
    expect(timer.pending.every((p) => p.cancelled), 'the window timer is cancelled').to.equal(true);
  });

  it('publishes each change at once when the window is 0', async () => {
    const { published, coalescer } = fixture(0);
    coalescer.seatsChanged(1, false);
    coalescer.seatsChanged(2, false);
    await coalescer.drain();
    expect(published).to.deep.equal([[1], [2]]);
  });

  it('turns 60 reservations in one window into one INVENTORY_CHANGED with the seats left (on fakes)', async () => {
    const app = await applicationOnFakes();
    const concert = await seedConcert(app, { generalSaleStartAt: app.clock.now() - 1, totalSeatCount: 100 }, { publishedStatus: 'OPEN' });
    const reserve = app.get(ReserveSeats);
    await Promise.all(Array.from({ length: 60 }, () => reserve.execute(concert.id, 1)));
    expect(app.publisher.events, 'still inside the window').to.deep.equal([]);
    app.timer.fire();
    await app.get(InventoryCoalescer).drain();
    expect(app.publisher.events.map((e) => [e.reason, e.items.map((c) => [c.availableSeatCount, c.version])])).to.deep.equal([['INVENTORY_CHANGED', [[40, 2]]]]);
  });
});
