// The service card: a concert, its card version and the sale state at a server instant. Its shape
// is derived from the concert and the sale state, never listed again: a field added to Concert is
// on the card (and, through src/contract, on the wire, which a test compares with this shape).

import type { Concert } from './concert.js';
import { nextChangeOf, type NextChange } from './next-change.js';
import { decideSaleState, remainingRate, type SaleState } from './sale-status.js';

export type ConcertCard = Readonly<
  Omit<Concert, 'generalSaleStartAt'> &
    SaleState & {
      /** The sale start as an ISO-8601 UTC instant with milliseconds; null when unscheduled. */
      saleOpensAt: string | null;
      /** available / total, 4 decimals; null when the concert has no seats. */
      remainingRate: number | null;
      /** What the card will show at its next time boundary, and when (DOMAIN.md, "Announced flips"). */
      nextChange: NextChange | null;
      /** Grows by one with each published change (DOMAIN.md, "Card version"). */
      version: number;
    }
>;

export function buildCard(concert: Concert, version: number, now: number): ConcertCard {
  const { generalSaleStartAt, ...described } = concert;
  return {
    ...described,
    ...decideSaleState(generalSaleStartAt, concert, now),
    saleOpensAt: generalSaleStartAt === null ? null : new Date(generalSaleStartAt).toISOString(),
    remainingRate: remainingRate(concert),
    nextChange: nextChangeOf(generalSaleStartAt, concert, now),
    version,
  };
}
