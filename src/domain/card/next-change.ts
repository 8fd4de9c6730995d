// The announced flip: a card says what it will show next by time alone, and when — the status and
// the button state at its next time boundary, given today's seats. It is computed by the same rule
// that schedules the boundary wake-up (nextTimeBoundary) and the same rule that decides the status
// (decideSaleState), so a client that applies it at `at` shows what the server will publish at
// `at`. Null when no time boundary is left (UNSCHEDULED, OPEN, SOLD_OUT): from then on only events
// change the card.

import { decideSaleState, type SaleStatus, type SeatInventory } from './sale-status.js';
import { nextTimeBoundary } from './time-boundary.js';

export interface NextChange {
  /** The boundary instant, ISO-8601 UTC with milliseconds. */
  readonly at: string;
  /** The same instant in epoch milliseconds. */
  readonly atEpochMs: number;
  readonly saleStatus: SaleStatus;
  readonly reservationButtonVisible: boolean;
  readonly reservationButtonEnabled: boolean;
}

export function nextChangeOf(openAt: number | null, seats: SeatInventory, now: number): NextChange | null {
  const at = nextTimeBoundary(openAt, now);
  if (at === null) return null;
  const { saleStatus, reservationButtonVisible, reservationButtonEnabled } = decideSaleState(openAt, seats, at);
  return { at: new Date(at).toISOString(), atEpochMs: at, saleStatus, reservationButtonVisible, reservationButtonEnabled };
}
