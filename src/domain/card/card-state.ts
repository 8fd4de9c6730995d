// What was last published for a card, how a fresh card differs from it, and which version a card
// carries: the one it was published at when shown, the next one when being published, the first
// one when its concert is created. The card `version` grows by one with each published change
// (DOMAIN.md, "Card version").

import { buildCard, type ConcertCard } from './card.js';
import type { Concert } from './concert.js';
import type { SaleStatus } from './sale-status.js';

/** The version of a card when its concert is created. */
export const FIRST_CARD_VERSION = 1;

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

/** The card clients are shown now: its published version, its status at `now`. */
export function currentCard(concert: Concert, state: PublishedCardState, now: number): ConcertCard {
  return buildCard(concert, state.version, now);
}

/** The cards of stored concerts as clients are shown them at `now`. */
export function currentCards(stored: readonly { readonly concert: Concert; readonly state: PublishedCardState }[], now: number): ConcertCard[] {
  return stored.map(({ concert, state }) => currentCard(concert, state, now));
}

/** The card a publication would publish: `concert` as it is now, at the version after `state`'s. */
export function nextCard(concert: Concert, state: PublishedCardState, now: number): ConcertCard {
  return buildCard(concert, state.version + 1, now);
}

/** The card of a concert just created. */
export function firstCard(concert: Concert, now: number): ConcertCard {
  return buildCard(concert, FIRST_CARD_VERSION, now);
}
