// The client's half of announced flips (DOMAIN.md "Announced flips"): shown at `at + u` on the
// server-clock estimate, never before the server's instant whatever the sample's one-way delays, and
// not at all without an estimate.

import { expect } from 'chai';
import fc from 'fast-check';
import { cardAsShown, nextFlipLocalMs, showFromLocalMs } from '../../packages/live-cards-client/src/announced-flip.js';
import { estimateFrom } from '../../packages/live-cards-client/src/clock-offset.js';
import { toCardJson } from '../../src/contract/wire-projection.js';
import { aCard, CARD_NOW } from '../support/card-mother.js';

// 5 minutes before the sale opens: the card is OPEN_SOON_5M and announces OPEN at openAt.
const openAt = Date.UTC(2026, 2, 1, 12, 0, 0, 0);
const soon = () => toCardJson(aCard({}, {}));
const fiveMinutesBefore = () => {
  const card = toCardJson(aCard());
  return { ...card, saleStatus: 'OPEN_SOON_5M' as const, nextChange: { ...card.nextChange!, at: new Date(openAt).toISOString(), atEpochMs: openAt, saleStatus: 'OPEN' as const, reservationButtonVisible: true, reservationButtonEnabled: true } };
};

describe('Announced flips on the client', () => {
  it('never shows the change before the server instant, and shows it by one round trip after it, for any clock offset and one-way delays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -600_000, max: 600_000 }), // local clock minus server clock
        fc.integer({ min: 0, max: 2_000 }), // request's one-way delay
        fc.integer({ min: 0, max: 2_000 }), // answer's one-way delay
        fc.integer({ min: 1_000, max: 100_000 }), // local send time of the sample
        (skew, up, down, sentAtLocalMs) => {
          const serverAt = (local: number) => local - skew;
          const estimate = estimateFrom({ sentAtLocalMs, receivedAtLocalMs: sentAtLocalMs + up + down, serverNowEpochMs: serverAt(sentAtLocalMs + up) });
          const card = fiveMinutesBefore();
          const from = showFromLocalMs(card.nextChange, estimate)!;
          expect(serverAt(from), 'server time when first shown').to.be.at.least(openAt);
          expect(serverAt(from), 'at most one round trip late').to.be.at.most(openAt + up + down);
          expect(cardAsShown(card, estimate, from - 1).saleStatus).to.equal('OPEN_SOON_5M');
          expect(cardAsShown(card, estimate, from).saleStatus).to.equal('OPEN');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('applies the announced status and buttons, keeps the version, and leaves what follows unknown', () => {
    const card = fiveMinutesBefore();
    const estimate = { offsetMs: 0, roundTripMs: 20 };
    const shown = cardAsShown(card, estimate, openAt + 10);
    expect(shown).to.deep.include({ saleStatus: 'OPEN', reservationButtonVisible: true, reservationButtonEnabled: true, version: card.version, nextChange: null });
    expect(shown.availableSeatCount).to.equal(card.availableSeatCount);
  });

  it('applies nothing without a clock estimate, however late the local clock says it is', () => {
    const card = fiveMinutesBefore();
    expect(cardAsShown(card, null, openAt + 3_600_000)).to.equal(card);
    expect(showFromLocalMs(card.nextChange, null)).to.equal(null);
    expect(nextFlipLocalMs([card], null)).to.equal(null);
  });

  it('leaves a card with no boundary left as it is, and finds the earliest flip among many', () => {
    const open = { ...soon(), saleStatus: 'OPEN' as const, nextChange: null };
    const estimate = { offsetMs: -1_000, roundTripMs: 40 };
    expect(cardAsShown(open, estimate, CARD_NOW + 10 ** 9)).to.equal(open);
    const early = fiveMinutesBefore();
    const late = { ...early, id: 8, nextChange: { ...early.nextChange, atEpochMs: openAt + 60_000 } };
    expect(nextFlipLocalMs([late, open, early], estimate)).to.equal(openAt + 20 + 1_000);
  });
});
