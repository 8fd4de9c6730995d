// Object mother for cards: a card computed by the domain's own rule from a plausible concert, so
// no test restates the card's shape; overridden where a test cares.

import { buildCard, type ConcertCard } from '../../src/domain/card/card.js';
import type { Concert } from '../../src/domain/card/concert.js';
import { aConcert } from './concert-mother.js';

/** The instant the default card is computed at: one hour (and a bit) before its sale opens. */
export const CARD_NOW = Date.UTC(2026, 2, 1, 11, 0, 0, 250);

/** A stored concert: the domain's Concert with an id and its seats left. */
export function aStoredConcert(overrides: Partial<Concert> = {}): Concert {
  const details = aConcert({
    title: 'Spring Tour 2026',
    artistName: 'Nova',
    artistGenre: 'K-POP',
    artistDebutDate: '2019-04-01',
    entertainmentName: 'Star Entertainment',
    entertainmentCountryCode: 'KR',
    entertainmentHomepageUrl: 'https://star.example',
    generalSaleStartAt: Date.UTC(2026, 2, 1, 12, 0, 0, 0),
    totalSeatCount: 500,
  });
  return { ...details, id: 7, availableSeatCount: details.totalSeatCount, ...overrides };
}

/** The card of `aStoredConcert()` at CARD_NOW (OPEN_SOON_1H, version 1), with `overrides` on top. */
export function aCard(overrides: Partial<ConcertCard> = {}, concert: Partial<Concert> = {}): ConcertCard {
  return { ...buildCard(aStoredConcert(concert), 1, CARD_NOW), ...overrides };
}
