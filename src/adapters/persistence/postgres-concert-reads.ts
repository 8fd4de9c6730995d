// The concert read ports on PostgreSQL: concerts by id, the search page, highlight candidates.
// Every read joins the published card state, so a card can be computed from one row.

import type { ConcertSearchQuery } from '../../domain/card/card-query.js';
import type { ConcertSearch, ConcertSearchPage } from '../../application/ports/outbound/concert-search.js';
import type { HighlightCandidates, SellOutRiskQuery } from '../../application/ports/outbound/highlight-candidates.js';
import type { StoredConcert, StoredConcerts } from '../../application/ports/outbound/stored-concerts.js';
import { CARD_STATE_COLUMNS, CONCERT_COLUMNS, toStoredConcert, type CardStateRow, type ConcertRow } from './concert-rows.js';
import { searchStatement } from './concert-search-sql.js';
import { instantParam, type SqlParam, type SqlRunner } from './sql-runner.js';

export class PostgresConcertReads implements StoredConcerts, ConcertSearch, HighlightCandidates {
  constructor(private readonly sql: SqlRunner) {}

  async findByIds(ids: readonly number[]): Promise<StoredConcert[]> {
    if (ids.length === 0) return [];
    return this.storedWhere('c.id in (?) order by c.id', [ids]);
  }

  async openingBetween(from: number, to: number, limit: number): Promise<StoredConcert[]> {
    return this.storedWhere(
      `c.general_sale_start_at > ?::timestamptz and c.general_sale_start_at <= ?::timestamptz
       order by c.general_sale_start_at, c.id limit ?`,
      [instantParam(from), instantParam(to), limit],
    );
  }

  async sellOutRisk(query: SellOutRiskQuery): Promise<StoredConcert[]> {
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

  async search(query: ConcertSearchQuery, now: number): Promise<ConcertSearchPage> {
    const statement = searchStatement(query, now);
    const rows = await this.sql.all<{ total_elements: number } & ((ConcertRow & CardStateRow) | { id: null })>(statement.sql, statement.params);
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
}
