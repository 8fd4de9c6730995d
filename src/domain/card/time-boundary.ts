// The instants at which a card's status changes by time alone. The transition scheduler wakes at
// these instead of polling; between two consecutive boundaries the time-driven status is constant.

import { FIVE_MINUTES_MS, ONE_HOUR_MS } from './sale-status.js';

/** The boundaries of a sale opening at `openAt`, earliest first. */
export function timeBoundaries(openAt: number): readonly [number, number, number] {
  return [openAt - ONE_HOUR_MS, openAt - FIVE_MINUTES_MS, openAt];
}

/** The first boundary strictly after `now`, or null when none is left (or no sale is scheduled). */
export function nextTimeBoundary(openAt: number | null, now: number): number | null {
  if (openAt === null) return null;
  for (const boundary of timeBoundaries(openAt)) {
    if (boundary > now) return boundary;
  }
  return null;
}

/**
 * The first instant after `now` at which anything time-dependent on the card changes: the
 * countdown's next whole-second step (which is also where every status boundary falls, since they
 * sit whole seconds before `openAt`). Infinity once the sale has opened or when none is scheduled:
 * from then on only events change the card.
 */
export function cardStableUntil(openAt: number | null, now: number): number {
  if (openAt === null || now >= openAt) return Number.POSITIVE_INFINITY;
  return openAt - (Math.ceil((openAt - now) / 1000) - 1) * 1000;
}
