import { expect } from 'chai';
import fc from 'fast-check';
import { decideSaleState, FIVE_MINUTES_MS, ONE_HOUR_MS, remainingRate, type SaleStatus } from '../../src/domain/card/sale-status.js';
import { cardStableUntil, nextTimeBoundary, timeBoundaries } from '../../src/domain/card/time-boundary.js';

const openAt = Date.UTC(2026, 2, 1, 12, 0, 0, 0);
const seats = { totalSeatCount: 100, availableSeatCount: 40 };

function statusAt(now: number, inventory = seats): SaleStatus {
  return decideSaleState(openAt, inventory, now).saleStatus;
}

describe('sale status', () => {
  it('is UNSCHEDULED with hidden buttons and no countdown when no sale start is set', () => {
    expect(decideSaleState(null, seats, openAt)).to.deep.equal({
      saleStatus: 'UNSCHEDULED',
      saleOpensInSeconds: null,
      reservationButtonVisible: false,
      reservationButtonEnabled: false,
    });
  });

  const boundaries: [string, number, SaleStatus, SaleStatus][] = [
    ['openAt - 1h', openAt - ONE_HOUR_MS, 'PREOPEN', 'OPEN_SOON_1H'],
    ['openAt - 5m', openAt - FIVE_MINUTES_MS, 'OPEN_SOON_1H', 'OPEN_SOON_5M'],
    ['openAt', openAt, 'OPEN_SOON_5M', 'OPEN'],
  ];
  for (const [name, instant, before, after] of boundaries) {
    it(`is still ${before} 1 ms before ${name}`, () => expect(statusAt(instant - 1)).to.equal(before));
    it(`turns ${after} exactly at ${name}`, () => expect(statusAt(instant)).to.equal(after));
    it(`stays ${after} 1 ms after ${name}`, () => expect(statusAt(instant + 1)).to.equal(after));
  }

  it('counts the seconds to opening rounded up, never down', () => {
    expect(decideSaleState(openAt, seats, openAt - 1).saleOpensInSeconds).to.equal(1);
    expect(decideSaleState(openAt, seats, openAt - 1000).saleOpensInSeconds).to.equal(1);
    expect(decideSaleState(openAt, seats, openAt - 1001).saleOpensInSeconds).to.equal(2);
    expect(decideSaleState(openAt, seats, openAt - ONE_HOUR_MS - 1).saleOpensInSeconds).to.equal(3601);
    expect(decideSaleState(openAt, seats, openAt).saleOpensInSeconds).to.equal(0);
  });

  it('hides the reserve button before the sale opens', () => {
    const state = decideSaleState(openAt, seats, openAt - 1);
    expect([state.reservationButtonVisible, state.reservationButtonEnabled]).to.deep.equal([false, false]);
  });

  it('shows an enabled button on an open sale with seats left', () => {
    expect(decideSaleState(openAt, seats, openAt)).to.deep.equal({
      saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true,
    });
  });

  it('is SOLD_OUT with a visible, disabled button when no seat is left', () => {
    expect(decideSaleState(openAt, { totalSeatCount: 100, availableSeatCount: 0 }, openAt + 5)).to.deep.equal({
      saleStatus: 'SOLD_OUT', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: false,
    });
  });

  it('is OPEN with the button hidden when the concert has no seats at all', () => {
    expect(decideSaleState(openAt, { totalSeatCount: 0, availableSeatCount: 0 }, openAt)).to.deep.equal({
      saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: false, reservationButtonEnabled: false,
    });
  });

  it('is not SOLD_OUT before the sale opens, even with no seats left', () => {
    expect(statusAt(openAt - 1, { totalSeatCount: 10, availableSeatCount: 0 })).to.equal('OPEN_SOON_5M');
  });
});

describe('remaining rate', () => {
  it('is the share of seats left rounded to 4 decimals', () => {
    expect(remainingRate({ totalSeatCount: 3, availableSeatCount: 1 })).to.equal(0.3333);
    expect(remainingRate({ totalSeatCount: 3, availableSeatCount: 2 })).to.equal(0.6667);
    expect(remainingRate({ totalSeatCount: 100, availableSeatCount: 100 })).to.equal(1);
    expect(remainingRate({ totalSeatCount: 100, availableSeatCount: 0 })).to.equal(0);
  });

  it('is null when the concert has no seats', () => {
    expect(remainingRate({ totalSeatCount: 0, availableSeatCount: 0 })).to.equal(null);
  });
});

describe('next time boundary', () => {
  it('is the first of openAt-1h, openAt-5m, openAt strictly after now', () => {
    expect(nextTimeBoundary(openAt, openAt - ONE_HOUR_MS - 1)).to.equal(openAt - ONE_HOUR_MS);
    expect(nextTimeBoundary(openAt, openAt - ONE_HOUR_MS)).to.equal(openAt - FIVE_MINUTES_MS);
    expect(nextTimeBoundary(openAt, openAt - FIVE_MINUTES_MS)).to.equal(openAt);
    expect(nextTimeBoundary(openAt, openAt - 1)).to.equal(openAt);
  });

  it('is none once the sale has opened, or when no sale is scheduled', () => {
    expect(nextTimeBoundary(openAt, openAt)).to.equal(null);
    expect(nextTimeBoundary(null, openAt)).to.equal(null);
  });

  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
  const inventory = fc
    .integer({ min: 0, max: 1000 })
    .chain((total) => fc.record({ totalSeatCount: fc.constant(total), availableSeatCount: fc.integer({ min: 0, max: total }) }));

  it('keeps the status constant between now and the next boundary (property)', () => {
    fc.assert(
      fc.property(instant, instant, inventory, fc.double({ min: 0, max: 1, noNaN: true }), (open, now, seatsNow, fraction) => {
        const status = decideSaleState(open, seatsNow, now).saleStatus;
        const next = nextTimeBoundary(open, now);
        const horizon = next === null ? now + 10 * ONE_HOUR_MS : next - 1;
        const probe = now + Math.floor((horizon - now) * fraction);
        expect(decideSaleState(open, seatsNow, probe).saleStatus).to.equal(status);
        expect(decideSaleState(open, seatsNow, horizon).saleStatus).to.equal(status);
      }),
    );
  });

  it('is the first instant at which the status changes (property)', () => {
    fc.assert(
      fc.property(instant, instant, inventory, (open, now, seatsNow) => {
        const next = nextTimeBoundary(open, now);
        fc.pre(next !== null);
        const boundary = next as number;
        expect(decideSaleState(open, seatsNow, boundary - 1).saleStatus).to.equal(decideSaleState(open, seatsNow, now).saleStatus);
        expect(decideSaleState(open, seatsNow, boundary).saleStatus).to.not.equal(decideSaleState(open, seatsNow, boundary - 1).saleStatus);
        expect(timeBoundaries(open)).to.include(boundary);
      }),
    );
  });
});

describe('card stable until', () => {
  const seats2 = { totalSeatCount: 10, availableSeatCount: 5 };
  it('is the next whole-second step of the countdown', () => {
    expect(cardStableUntil(openAt, openAt - 1500)).to.equal(openAt - 1000);
    expect(cardStableUntil(openAt, openAt - 1000)).to.equal(openAt);
    expect(cardStableUntil(openAt, openAt - 1)).to.equal(openAt);
  });

  it('is forever once the sale has opened or when none is scheduled', () => {
    expect(cardStableUntil(openAt, openAt)).to.equal(Number.POSITIVE_INFINITY);
    expect(cardStableUntil(null, openAt)).to.equal(Number.POSITIVE_INFINITY);
  });

  it('bounds an interval over which the whole sale state is constant, and ends where it changes (property)', () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3 * ONE_HOUR_MS }), fc.double({ min: 0, max: 1, noNaN: true }), (now, ahead, fraction) => {
        const open = now + ahead;
        const until = cardStableUntil(open, now);
        const probe = now + Math.floor((until - 1 - now) * fraction);
        expect(decideSaleState(open, seats2, probe)).to.deep.equal(decideSaleState(open, seats2, now));
        expect(decideSaleState(open, seats2, until)).to.not.deep.equal(decideSaleState(open, seats2, until - 1));
      }),
    );
  });
});
