// Concert rows <-> domain, from one map: each Concert field names its column, how it is read and
// how a value is written. The select list, the write list and the row mapping are derived from it,
// and `satisfies` makes the compiler refuse a Concert field without a column or a column without a
// field. Columns are read under their field names (`as "artistName"`), so a row is a Concert.

import type { PublishedCardState } from '../../domain/card/card-state.js';
import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import type { SaleStatus } from '../../domain/card/sale-status.js';
import type { StoredConcert } from '../../application/ports/outbound/stored-concerts.js';
import { epochMs, instantParam, type SqlParam } from './sql-runner.js';

interface ColumnSpec {
  readonly column: string;
  /** How the column is read, over table alias `c` (default `c.<column>`). */
  readonly read?: string;
  /** The cast a written value needs (`::date`). */
  readonly cast?: string;
}

const CONCERT_TABLE = {
  id: { column: 'id' },
  title: { column: 'title' },
  artistName: { column: 'artist_name' },
  artistDisplayName: { column: 'artist_display_name' },
  artistGenre: { column: 'artist_genre' },
  artistDebutDate: { column: 'artist_debut_date', read: "to_char(c.artist_debut_date, 'YYYY-MM-DD')", cast: '::date' },
  entertainmentName: { column: 'entertainment_name' },
  entertainmentCountryCode: { column: 'entertainment_country_code' },
  entertainmentHomepageUrl: { column: 'entertainment_homepage_url' },
  promoterName: { column: 'promoter_name' },
  promoterCountryCode: { column: 'promoter_country_code' },
  promoterHomepageUrl: { column: 'promoter_homepage_url' },
  thumbnailUrl: { column: 'thumbnail_url' },
  youtubeVideoUrl: { column: 'youtube_video_url' },
  generalSaleStartAt: { column: 'general_sale_start_at', read: epochMs('c.general_sale_start_at'), cast: '::timestamptz' },
  totalSeatCount: { column: 'total_seat_count' },
  availableSeatCount: { column: 'available_seat_count' },
} as const satisfies Record<keyof Concert, ColumnSpec>;

type Field = keyof typeof CONCERT_TABLE;
const FIELDS = Object.keys(CONCERT_TABLE) as Field[];
const spec = (field: Field): ColumnSpec => CONCERT_TABLE[field];

/** The editable fields, in the order `detailParams` gives their values. */
export const DETAIL_FIELDS = FIELDS.filter((field): field is keyof ConcertDetails => field !== 'id' && field !== 'availableSeatCount');

export function columnOf(field: Field): string {
  return spec(field).column;
}

/** `?` with the cast the field's column needs. */
export function placeholderOf(field: Field): string {
  return `?${spec(field).cast ?? ''}`;
}

export function detailParams(details: ConcertDetails): SqlParam[] {
  return DETAIL_FIELDS.map((field) => (field === 'generalSaleStartAt' ? instantParam(details.generalSaleStartAt) : details[field]));
}

/** Concert columns of table alias `c`, each read under its field name. */
export const CONCERT_COLUMNS = FIELDS.map((field) => `${spec(field).read ?? `c.${spec(field).column}`} as "${field}"`).join(', ');

/** Card state columns of table alias `s`. */
export const CARD_STATE_COLUMNS = `s.version as state_version, s.published_status as state_published_status,
  s.published_available_seat_count as state_published_seats, ${epochMs('s.next_boundary_at')} as state_next_boundary_at`;

export type ConcertRow = Record<Field, unknown>;

export interface CardStateRow {
  state_version: number;
  state_published_status: string;
  state_published_seats: number;
  state_next_boundary_at: number | null;
}

export function toConcert(row: ConcertRow): Concert {
  const concert: Record<string, unknown> = {};
  for (const field of FIELDS) concert[field] = row[field];
  concert.id = Number(row.id); // bigserial arrives as text
  return concert as unknown as Concert;
}

export function toCardState(concertId: number, row: CardStateRow): PublishedCardState {
  return {
    concertId,
    version: row.state_version,
    publishedStatus: row.state_published_status as SaleStatus,
    publishedAvailableSeatCount: row.state_published_seats,
    nextBoundaryAt: row.state_next_boundary_at,
  };
}

export function toStoredConcert(row: ConcertRow & CardStateRow): StoredConcert {
  const concert = toConcert(row);
  return { concert, state: toCardState(concert.id, row) };
}
