// What was last published for a card, and how a fresh card differs from it. The card `version`
// grows by one with each published change (DOMAIN.md, "Card version").

import type { ConcertCard } from './card.js';
import type { SaleStatus } from './sale-status.js';

export interface PublishedCardState {
  readonly concertId: number;
  readonly version: number;
  readonly publishedStatus: SaleStatus;
  readonly publishedAvailableSeatCount: number;
  /** The next instant at which the card's status changes by time alone (epoch ms), if any. */
  readonly nextBoundaryAt: number | null;
}

export interface CardChange {
  readonly statusChanged: boolean;
  readonly seatsChanged: boolean;
}

export function compareWithPublished(state: PublishedCardState, card: ConcertCard): CardChange {
  return {
    statusChanged: state.publishedStatus !== card.saleStatus,
    seatsChanged: state.publishedAvailableSeatCount !== card.availableSeatCount,
  };
}

/**
 * Whether a freshly computed card must be published: an admin edit always is (its content changed);
 * otherwise only when status or seats differ from what clients were last told.
 */
export function needsPublication(change: CardChange, contentEdited: boolean): boolean {
  return contentEdited || change.statusChanged || change.seatsChanged;
}

/** The state to store once `card` is published. */
export function publishedStateOf(card: ConcertCard, nextBoundaryAt: number | null): PublishedCardState {
  return {
    concertId: card.id,
    version: card.version,
    publishedStatus: card.saleStatus,
    publishedAvailableSeatCount: card.availableSeatCount,
    nextBoundaryAt,
  };
}
