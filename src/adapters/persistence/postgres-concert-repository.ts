// ConcertRepository on PostgreSQL. Seat changes are single conditional UPDATEs, so concurrent
// reservations never oversell; every write to a concert stamps `updated_at = now()`, which the
// inventory-drift check of the card state store reads.

import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import type {
  ConcertRepository,
  ConcertSearchPage,
  ConcertSearchQuery,
  SellOutRiskQuery,
  StoredConcert,
} from '../../application/ports/concert-repository.js';
import { CARD_STATE_COLUMNS, CONCERT_COLUMNS, toConcert, toStoredConcert, type CardStateRow, type ConcertRow } from './concert-rows.js';
import { searchStatement } from './concert-search-sql.js';
import { instantParam, type SqlParam, type SqlRunner } from './sql-runner.js';

const RETURNING_CONCERT = `returning ${CONCERT_COLUMNS}`;

export class PostgresConcertRepository implements ConcertRepository {
  constructor(private readonly sql: SqlRunner) {}

  async findByIds(ids: readonly number[]): Promise<StoredConcert[]> {
    if (ids.length === 0) return [];
    return this.storedWhere('c.id in (?) order by c.id', [ids]);
  }

  async findOpeningBetween(from: number, to: number, limit: number): Promise<StoredConcert[]> {
    return this.storedWhere(
      `c.general_sale_start_at > ?::timestamptz and c.general_sale_start_at <= ?::timestamptz
       order by c.general_sale_start_at, c.id limit ?`,
      [instantParam(from), instantParam(to), limit],
    );
  }

  async findSellOutRisk(query: SellOutRiskQuery): Promise<StoredConcert[]> {
    // Not index-backed on purpose: an index on available_seat_count would make every seat update a
    // non-HOT update; open sales with seats left are few enough to sort.
    const threshold = query.threshold === null ? '' : 'and (c.available_seat_count <= ? or c.available_seat_count::numeric / c.total_seat_count <= ?)';
    const thresholdParams = query.threshold === null ? [] : [query.threshold.maxSeats, query.threshold.maxRate];
    return this.storedWhere(
      `c.general_sale_start_at <= ?::timestamptz and c.available_seat_count > 0 ${threshold}
       order by c.available_seat_count, c.available_seat_count::numeric / c.total_seat_count, c.id limit ?`,
      [instantParam(query.openAt), ...thresholdParams, query.limit],
    );
  }

  async search(query: ConcertSearchQuery): Promise<ConcertSearchPage> {
    const statement = searchStatement(query);
    const rows = await this.sql.all<{ total_elements: number } & (ConcertRow & CardStateRow | { id: null })>(statement.sql, statement.params);
    const totalElements = rows[0]?.total_elements ?? 0;
    const pageRows = rows.filter((row): row is { total_elements: number } & ConcertRow & CardStateRow => row.id !== null);
    return { rows: pageRows.map(toStoredConcert), totalElements };
  }

  private async storedWhere(condition: string, params: readonly SqlParam[]): Promise<StoredConcert[]> {
    const rows = await this.sql.all<ConcertRow & CardStateRow>(
      `select ${CONCERT_COLUMNS}, ${CARD_STATE_COLUMNS}
       from concert c join concert_card_state s on s.concert_id = c.id
       where ${condition}`,
      params,
    );
    return rows.map(toStoredConcert);
  }

  async insert(details: ConcertDetails): Promise<Concert> {
    const row = await this.sql.one<ConcertRow>(
      `insert into concert as c (${DETAIL_COLUMNS.join(', ')}, available_seat_count)
       values (${DETAIL_COLUMNS.map(placeholderOf).join(', ')}, ?)
       ${RETURNING_CONCERT}`,
      [...detailParams(details), details.totalSeatCount],
    );
    return toConcert(required(row));
  }

  async update(id: number, details: ConcertDetails): Promise<Concert | null> {
    // SET and WHERE read the row as it is when this UPDATE gets its lock (READ COMMITTED re-checks
    // after waiting), so a reservation committed since the caller's read still counts as sold.
    const row = await this.sql.one<ConcertRow>(
      `update concert as c set
         ${DETAIL_COLUMNS.map((column) => `${column} = ${placeholderOf(column)}`).join(', ')},
         available_seat_count = c.available_seat_count + (?::int - c.total_seat_count),
         updated_at = now()
       where c.id = ? and ?::int >= c.total_seat_count - c.available_seat_count
       ${RETURNING_CONCERT}`,
      [...detailParams(details), details.totalSeatCount, id, details.totalSeatCount],
    );
    return row ? toConcert(row) : null;
  }

  async delete(id: number): Promise<boolean> {
    return (await this.sql.affected('delete from concert where id = ?', [id])) > 0;
  }

  async takeSeats(id: number, quantity: number, now: number): Promise<Concert | null> {
    const row = await this.sql.one<ConcertRow>(
      `update concert as c set available_seat_count = c.available_seat_count - ?, updated_at = now()
       where c.id = ? and c.available_seat_count >= ? and c.general_sale_start_at <= ?::timestamptz
       ${RETURNING_CONCERT}`,
      [quantity, id, quantity, instantParam(now)],
    );
    return row ? toConcert(row) : null;
  }
}

/** The editable columns, in the order detailParams() supplies their values. */
const DETAIL_COLUMNS = [
  'title',
  'artist_name',
  'artist_display_name',
  'artist_genre',
  'artist_debut_date',
  'entertainment_name',
  'entertainment_country_code',
  'entertainment_homepage_url',
  'promoter_name',
  'promoter_country_code',
  'promoter_homepage_url',
  'thumbnail_url',
  'youtube_video_url',
  'general_sale_start_at',
  'total_seat_count',
] as const;

function placeholderOf(column: (typeof DETAIL_COLUMNS)[number]): string {
  if (column === 'artist_debut_date') return '?::date';
  if (column === 'general_sale_start_at') return '?::timestamptz';
  return '?';
}

function detailParams(details: ConcertDetails): SqlParam[] {
  return [
    details.title,
    details.artistName,
    details.artistDisplayName,
    details.artistGenre,
    details.artistDebutDate,
    details.entertainmentName,
    details.entertainmentCountryCode,
    details.entertainmentHomepageUrl,
    details.promoterName,
    details.promoterCountryCode,
    details.promoterHomepageUrl,
    details.thumbnailUrl,
    details.youtubeVideoUrl,
    instantParam(details.generalSaleStartAt),
    details.totalSeatCount,
  ];
}

function required<T>(row: T | undefined): T {
  if (row === undefined) throw new Error('INSERT ... RETURNING produced no row');
  return row;
}
