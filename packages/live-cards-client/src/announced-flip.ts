// Announced flips (DOMAIN.md "Announced flips"): every card says what it becomes at its next time
// boundary (`nextChange`), so a screen can show the change at the instant with no message at that
// moment. Shown at `at + u` on the client's estimate of the server clock, `u` being half the best
// round trip kept: the true server time has then passed `at` whatever that sample's one-way delays
// were, so no screen shows a status before the server's instant. Without an estimate nothing is
// applied: the client waits for the push or the next poll and never flips on its raw local clock.

import type { ClockEstimate } from './clock-offset.js';
import type { CardJson, NextChangeJson } from './wire.js';

/** How far the true server time may be from the estimate: half its round trip. */
export function uncertaintyMs(estimate: ClockEstimate): number {
  return Math.max(0, estimate.roundTripMs) / 2;
}

/** The local-clock instant from which `next` may be shown, or null without an estimate. */
export function showFromLocalMs(next: Pick<NextChangeJson, 'atEpochMs'>, estimate: ClockEstimate | null): number | null {
  if (!estimate) return null;
  return next.atEpochMs + uncertaintyMs(estimate) - estimate.offsetMs;
}

/**
 * The card as a screen shows it at local instant `localNowMs`: the server's card, with its
 * announcement applied once due. The applied card is provisional (its `version` is the
 * announcing card's, and its `nextChange` null: what follows is not known until the server says);
 * the boundary's own event, with the next version, confirms it.
 */
export function cardAsShown(card: CardJson, estimate: ClockEstimate | null, localNowMs: number): CardJson {
  const next = card.nextChange;
  if (!next) return card;
  const from = showFromLocalMs(next, estimate);
  if (from === null || localNowMs < from) return card;
  return {
    ...card,
    saleStatus: next.saleStatus,
    reservationButtonVisible: next.reservationButtonVisible,
    reservationButtonEnabled: next.reservationButtonEnabled,
    nextChange: null,
  };
}

/** The earliest local instant at which one of `cards` has an announcement to apply, or null. */
export function nextFlipLocalMs(cards: Iterable<CardJson>, estimate: ClockEstimate | null): number | null {
  let earliest: number | null = null;
  for (const card of cards) {
    const from = card.nextChange ? showFromLocalMs(card.nextChange, estimate) : null;
    if (from !== null && (earliest === null || from < earliest)) earliest = from;
  }
  return earliest;
}
