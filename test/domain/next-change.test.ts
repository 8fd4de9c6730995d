import { expect } from 'chai';
import fc from 'fast-check';
import { nextChangeOf } from '../../src/domain/card/next-change.js';
import { decideSaleState } from '../../src/domain/card/sale-status.js';

const OPEN_AT = Date.UTC(2030, 0, 1, 12);
const seats = { totalSeatCount: 100, availableSeatCount: 100 };

describe('announced next change (nextChange)', () => {
  it('announces each boundary of a sale with the status and buttons it brings', () => {
    expect(nextChangeOf(OPEN_AT, seats, OPEN_AT - 2 * 3_600_000)).to.deep.equal({
      at: '2030-01-01T11:00:00.000Z',
      atEpochMs: OPEN_AT - 3_600_000,
      saleStatus: 'OPEN_SOON_1H',
      reservationButtonVisible: false,
      reservationButtonEnabled: false,
    });
    expect(nextChangeOf(OPEN_AT, seats, OPEN_AT - 3_600_000)?.saleStatus, 'at the 1 h boundary itself the next one is 5 min').to.equal('OPEN_SOON_5M');
    expect(nextChangeOf(OPEN_AT, seats, OPEN_AT - 1)).to.deep.include({ atEpochMs: OPEN_AT, saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true });
  });

  it('announces SOLD_OUT for a sale whose seats are all gone before it opens, and a hidden button for one with no seats', () => {
    expect(nextChangeOf(OPEN_AT, { totalSeatCount: 10, availableSeatCount: 0 }, OPEN_AT - 1)).to.deep.include({ saleStatus: 'SOLD_OUT', reservationButtonVisible: true, reservationButtonEnabled: false });
    expect(nextChangeOf(OPEN_AT, { totalSeatCount: 0, availableSeatCount: 0 }, OPEN_AT - 1)).to.deep.include({ saleStatus: 'OPEN', reservationButtonVisible: false });
  });

  it('is null when no time boundary is left: unscheduled, open, sold out', () => {
    expect(nextChangeOf(null, seats, OPEN_AT)).to.equal(null);
    expect(nextChangeOf(OPEN_AT, seats, OPEN_AT)).to.equal(null);
    expect(nextChangeOf(OPEN_AT, { totalSeatCount: 10, availableSeatCount: 0 }, OPEN_AT + 1)).to.equal(null);
  });

  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
  const inventory = fc
    .integer({ min: 0, max: 1_000 })
    .chain((total) => fc.record({ totalSeatCount: fc.constant(total), availableSeatCount: fc.integer({ min: 0, max: total }) }));

  it('is exactly the state at its instant, and one millisecond before it the current state still holds (property)', () => {
    fc.assert(
      fc.property(fc.option(instant, { nil: null }), instant, inventory, (open, now, stock) => {
        const next = nextChangeOf(open, stock, now);
        const current = decideSaleState(open, stock, now);
        if (next === null) {
          expect(['UNSCHEDULED', 'OPEN', 'SOLD_OUT']).to.include(current.saleStatus);
          return;
        }
        const at = decideSaleState(open, stock, next.atEpochMs);
        expect(next).to.deep.equal({
          at: new Date(next.atEpochMs).toISOString(),
          atEpochMs: next.atEpochMs,
          saleStatus: at.saleStatus,
          reservationButtonVisible: at.reservationButtonVisible,
          reservationButtonEnabled: at.reservationButtonEnabled,
        });
        expect(next.atEpochMs).to.be.greaterThan(now);
        expect(decideSaleState(open, stock, next.atEpochMs - 1).saleStatus, 'a client applying it at `at` is never early').to.equal(current.saleStatus);
        expect(next.saleStatus).to.not.equal(current.saleStatus);
      }),
      { numRuns: 2_000 },
    );
  });
});
