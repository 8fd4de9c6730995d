// The client's copy of DOMAIN.md "Time boundaries": the next instant at which a card's status
// changes by time alone. The client cannot import the server domain (it sees only the wire contract),
// so the three offsets are restated here; the mode driver uses them to fetch just after a boundary
// in hybrid and polling mode, where no push arrives.

import type { CardJson } from './wire.js';

const ONE_HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;

/** The first of openAt-1h, openAt-5m, openAt strictly after `serverNowMs`, or null. */
export function nextCardBoundary(card: Pick<CardJson, 'saleOpensAt'>, serverNowMs: number): number | null {
  if (card.saleOpensAt === null) return null;
  const openAt = Date.parse(card.saleOpensAt);
  if (Number.isNaN(openAt)) return null;
  for (const boundary of [openAt - ONE_HOUR_MS, openAt - FIVE_MINUTES_MS, openAt]) {
    if (boundary > serverNowMs) return boundary;
  }
  return null;
}

/** The earliest next boundary over the cards on screen, or null when none has one left. */
export function nextBoundaryOf(cards: Iterable<Pick<CardJson, 'saleOpensAt'>>, serverNowMs: number): number | null {
  let earliest: number | null = null;
  for (const card of cards) {
    const boundary = nextCardBoundary(card, serverNowMs);
    if (boundary !== null && (earliest === null || boundary < earliest)) earliest = boundary;
  }
  return earliest;
}
