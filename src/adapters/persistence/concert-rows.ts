// Concert rows <-> domain: the column list every concert read selects, and the row mapping.

import type { PublishedCardState } from '../../domain/card/card-state.js';
import type { Concert } from '../../domain/card/concert.js';
import type { SaleStatus } from '../../domain/card/sale-status.js';
import type { StoredConcert } from '../../application/ports/concert-repository.js';
import { epochMs } from './sql-runner.js';

export interface ConcertRow {
  id: string | number;
  title: string;
  artist_name: string;
  artist_display_name: string | null;
  artist_genre: string | null;
  artist_debut_date: string | null;
  entertainment_name: string | null;
  entertainment_country_code: string | null;
  entertainment_homepage_url: string | null;
  promoter_name: string | null;
  promoter_country_code: string | null;
  promoter_homepage_url: string | null;
  thumbnail_url: string | null;
  youtube_video_url: string | null;
  general_sale_start_at: number | null;
  total_seat_count: number;
  available_seat_count: number;
}

export interface CardStateRow {
  version: number;
  published_status: string;
  published_available_seat_count: number;
  next_boundary_at: number | null;
}

/** Concert columns of table alias `c`, typed for ConcertRow. */
export const CONCERT_COLUMNS = `c.id, c.title, c.artist_name, c.artist_display_name, c.artist_genre,
  to_char(c.artist_debut_date, 'YYYY-MM-DD') as artist_debut_date,
  c.entertainment_name, c.entertainment_country_code, c.entertainment_homepage_url,
  c.promoter_name, c.promoter_country_code, c.promoter_homepage_url, c.thumbnail_url, c.youtube_video_url,
  ${epochMs('c.general_sale_start_at')} as general_sale_start_at,
  c.total_seat_count, c.available_seat_count`;

/** Card state columns of table alias `s`, typed for CardStateRow. */
export const CARD_STATE_COLUMNS = `s.version, s.published_status, s.published_available_seat_count,
  ${epochMs('s.next_boundary_at')} as next_boundary_at`;

export function toConcert(row: ConcertRow): Concert {
  return {
    id: Number(row.id),
    title: row.title,
    artistName: row.artist_name,
    artistDisplayName: row.artist_display_name,
    artistGenre: row.artist_genre,
    artistDebutDate: row.artist_debut_date,
    entertainmentName: row.entertainment_name,
    entertainmentCountryCode: row.entertainment_country_code,
    entertainmentHomepageUrl: row.entertainment_homepage_url,
    promoterName: row.promoter_name,
    promoterCountryCode: row.promoter_country_code,
    promoterHomepageUrl: row.promoter_homepage_url,
    thumbnailUrl: row.thumbnail_url,
    youtubeVideoUrl: row.youtube_video_url,
    generalSaleStartAt: row.general_sale_start_at,
    totalSeatCount: row.total_seat_count,
    availableSeatCount: row.available_seat_count,
  };
}

export function toCardState(concertId: number, row: CardStateRow): PublishedCardState {
  return {
    concertId,
    version: row.version,
    publishedStatus: row.published_status as SaleStatus,
    publishedAvailableSeatCount: row.published_available_seat_count,
    nextBoundaryAt: row.next_boundary_at,
  };
}

export function toStoredConcert(row: ConcertRow & CardStateRow): StoredConcert {
  const concert = toConcert(row);
  return { concert, state: toCardState(concert.id, row) };
}
