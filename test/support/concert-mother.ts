// Object mother for concerts: a plausible concert by default, overridden where a test cares.

import type { ConcertDetails } from '../../src/domain/card/concert.js';

let sequence = 0;

export function aConcert(overrides: Partial<ConcertDetails> = {}): ConcertDetails {
  sequence += 1;
  return {
    title: `Concert ${sequence}`,
    artistName: `Artist ${sequence}`,
    artistDisplayName: null,
    artistGenre: null,
    artistDebutDate: null,
    entertainmentName: null,
    entertainmentCountryCode: null,
    entertainmentHomepageUrl: null,
    promoterName: null,
    promoterCountryCode: null,
    promoterHomepageUrl: null,
    thumbnailUrl: null,
    youtubeVideoUrl: null,
    generalSaleStartAt: null,
    totalSeatCount: 100,
    ...overrides,
  };
}

/** Every optional field filled in, for round-trip tests. */
export function aFullyDescribedConcert(overrides: Partial<ConcertDetails> = {}): ConcertDetails {
  return aConcert({
    title: 'Spring Tour 2026',
    artistName: 'Nova',
    artistDisplayName: 'NOVA',
    artistGenre: 'K-POP',
    artistDebutDate: '2019-04-01',
    entertainmentName: 'Star Entertainment',
    entertainmentCountryCode: 'KR',
    entertainmentHomepageUrl: 'https://star.example',
    promoterName: 'Live Nation',
    promoterCountryCode: 'US',
    promoterHomepageUrl: 'https://promoter.example',
    thumbnailUrl: 'https://img.example/nova.png',
    youtubeVideoUrl: 'https://youtube.example/watch?v=1',
    generalSaleStartAt: Date.UTC(2026, 2, 1, 12, 0, 0, 123),
    totalSeatCount: 500,
    ...overrides,
  });
}
