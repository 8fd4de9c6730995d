// Demo data for `npm start` on a bare machine: a dozen concerts covering every sale status, with
// sales opening 1, 3 and 6 minutes after start. Re-run on every start (and hourly while running),
// it moves the same concerts so a visitor always finds a sale about to open.

import type { ConcertDetails } from '../domain/card/concert.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface DemoConcert {
  readonly details: ConcertDetails;
  /** Seats to take after creation, to show few-seats and sold-out cards. */
  readonly seatsTaken: number;
}

const base = {
  artistDisplayName: null,
  artistDebutDate: null,
  entertainmentHomepageUrl: null,
  promoterCountryCode: 'KR',
  promoterHomepageUrl: null,
  thumbnailUrl: null,
  youtubeVideoUrl: null,
} as const;

type Seed = [title: string, artist: string, genre: string, agency: string, country: string, openInMs: number | null, total: number, taken: number];

const SEEDS: readonly Seed[] = [
  ['Neon Tide World Tour — Seoul', 'Neon Tide', 'K-pop', 'Lumen Entertainment', 'KR', 1 * MINUTE, 500, 0],
  ['Paper Moons Live in Busan', 'Paper Moons', 'Indie rock', 'Harbor Sound', 'KR', 3 * MINUTE, 300, 0],
  ['Aurora Lane: Night Garden', 'Aurora Lane', 'Dream pop', 'Lumen Entertainment', 'KR', 6 * MINUTE, 250, 0],
  ['Kite Runner Club Showcase', 'Kite Runner Club', 'City pop', 'Blue Door Agency', 'JP', 12 * MINUTE, 180, 0],
  ['Sol & Salt Acoustic Evening', 'Sol & Salt', 'Folk', 'Harbor Sound', 'KR', 40 * MINUTE, 120, 0],
  ['Midnight Parade Arena', 'Midnight Parade', 'K-pop', 'Starfield Music', 'KR', 2 * HOUR, 5000, 0],
  ['Velvet Static Reunion', 'Velvet Static', 'Shoegaze', 'Blue Door Agency', 'US', 3 * 24 * HOUR, 800, 0],
  ['Gold Rush Orchestra Gala', 'Gold Rush Orchestra', 'Classical crossover', 'Starfield Music', 'KR', -10 * MINUTE, 900, 40],
  ['Echo Bloom Last Call', 'Echo Bloom', 'R&B', 'Lumen Entertainment', 'KR', -1 * HOUR, 100, 92],
  ['Quiet Riot Girls Encore', 'Quiet Riot Girls', 'Punk', 'Harbor Sound', 'KR', -2 * HOUR, 40, 40],
  ['Hanok Jazz Session (date TBA)', 'Hanok Trio', 'Jazz', 'Blue Door Agency', 'KR', null, 150, 0],
  ['Streaming Premiere: Lantern Kids', 'Lantern Kids', 'Pop', 'Starfield Music', 'KR', -5 * MINUTE, 0, 0],
];

export function demoCatalogue(now: number): DemoConcert[] {
  return SEEDS.map(([title, artistName, artistGenre, entertainmentName, entertainmentCountryCode, openInMs, totalSeatCount, seatsTaken]) => ({
    details: {
      ...base,
      title,
      artistName,
      artistGenre,
      entertainmentName,
      entertainmentCountryCode,
      promoterName: 'Demo Live Co.',
      // Whole seconds, so every screen's countdown starts on a round number.
      generalSaleStartAt: openInMs === null ? null : Math.ceil((now + openInMs) / 1000) * 1000,
      totalSeatCount,
    },
    seatsTaken,
  }));
}

export interface DemoUseCases {
  findIdsByTitle(title: string): Promise<number[]>;
  create(details: ConcertDetails): Promise<{ id: number }>;
  remove(id: number): Promise<void>;
  reserve(id: number, quantity: number): Promise<unknown>;
}

/** Replaces the demo concerts with a fresh arrangement around `now`; returns how many were made. */
export async function arrangeDemoCatalogue(useCases: DemoUseCases, now: number): Promise<number> {
  const catalogue = demoCatalogue(now);
  for (const { details } of catalogue) {
    for (const id of await useCases.findIdsByTitle(details.title)) await useCases.remove(id);
  }
  for (const { details, seatsTaken } of catalogue) {
    const { id } = await useCases.create(details);
    for (let left = seatsTaken; left > 0; left -= 10) await useCases.reserve(id, Math.min(10, left));
  }
  return catalogue.length;
}
