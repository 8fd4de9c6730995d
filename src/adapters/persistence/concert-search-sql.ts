// Translates a ConcertSearchQuery into one SQL statement: the page (filtered, sorted, limited in the
// database) and the total count, in a single round trip. Only fixed SQL fragments are chosen here;
// every user-supplied value is a parameter.
//
// Total: unfiltered from the trigger-maintained `concert_count` row (counting 10 000 rows per
// request would cost more than the page itself); filtered by count(*) over the indexed filter.
//
// Index use: keyword -> GIN trigram indexes on lower(title|artist_name|entertainment_name);
// artistName/entertainmentName -> btree on lower(...); saleStatuses -> windows on the sale start
// at `now` (domain/card/status-filter.ts), the btree on general_sale_start_at; each sort -> btree (field, id), scanned
// backwards for desc. Default PostgreSQL null ordering (nulls last asc, first desc) is kept on
// purpose so those indexes serve both directions.

import type { ConcertSearchQuery, SortDirection, SortField } from '../../domain/card/card-query.js';
import { statusWindow, type StatusWindow } from '../../domain/card/status-filter.js';
import { CARD_STATE_COLUMNS, CONCERT_COLUMNS } from './concert-rows.js';
import { instantParam, type SqlParam } from './sql-runner.js';

const SORT_COLUMNS: Record<SortField, readonly string[]> = {
  id: ['c.id'],
  title: ['c.title', 'c.id'],
  artistName: ['c.artist_name', 'c.id'],
  entertainmentName: ['c.entertainment_name', 'c.id'],
  saleOpensAt: ['c.general_sale_start_at', 'c.id'],
};

const DIRECTIONS: Record<SortDirection, string> = { asc: 'asc', desc: 'desc' };

/** Largest id a keyword may name: beyond it a digit string is just text. */
const MAX_ID_KEYWORD = Number.MAX_SAFE_INTEGER;

export interface SearchStatement {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

interface Filter extends SearchStatement {
  readonly clauses: number;
}

export function searchStatement(query: ConcertSearchQuery, now: number): SearchStatement {
  const where = filterOf(query, now);
  const orderBy = SORT_COLUMNS[query.sort.field].map((column) => `${column} ${DIRECTIONS[query.sort.direction]}`).join(', ');
  // Unfiltered, the trigger-maintained concert_count answers; filtered, the indexes narrow the count.
  const total = where.clauses === 0
    ? 'select total::int as total_elements from concert_count where id = 1'
    : `select count(*)::int as total_elements from concert c where ${where.sql}`;
  const sql = `with total as (${total}), page as (
      select ${CONCERT_COLUMNS}, ${CARD_STATE_COLUMNS}
      from concert c join concert_card_state s on s.concert_id = c.id
      where ${where.sql}
      order by ${orderBy}
      limit ? offset ?
    )
    select total.total_elements, page.* from total left join page on true`;
  return { sql, params: [...where.params, ...where.params, query.size, query.page * query.size] };
}

function filterOf(query: ConcertSearchQuery, now: number): Filter {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  if (query.keyword !== null) {
    const pattern = `%${escapeLike(query.keyword)}%`;
    const keywordClauses = ['title', 'artist_name', 'entertainment_name'].map((column) => `lower(c.${column}) like lower(?) escape '!'`);
    params.push(pattern, pattern, pattern);
    const id = idKeyword(query.keyword);
    if (id !== null) {
      keywordClauses.push('c.id = ?');
      params.push(id);
    }
    clauses.push(`(${keywordClauses.join(' or ')})`);
  }
  if (query.artistName !== null) {
    clauses.push('lower(c.artist_name) = lower(?)');
    params.push(query.artistName);
  }
  if (query.entertainmentName !== null) {
    clauses.push('lower(c.entertainment_name) = lower(?)');
    params.push(query.entertainmentName);
  }
  if (query.saleStatuses !== null) {
    const windows = query.saleStatuses.map((status) => windowClause(statusWindow(status, now), params));
    clauses.push(`(${windows.join(' or ')})`);
  }
  return { sql: clauses.length === 0 ? 'true' : clauses.join(' and '), params, clauses: clauses.length };
}

const SEATS: Record<StatusWindow['seats'], string | null> = {
  any: null,
  left: '(c.total_seat_count = 0 or c.available_seat_count > 0)',
  none: '(c.total_seat_count > 0 and c.available_seat_count = 0)',
};

function windowClause(window: StatusWindow, params: SqlParam[]): string {
  if (!window.scheduled) return 'c.general_sale_start_at is null';
  const parts = ['c.general_sale_start_at is not null'];
  if (window.opensAfter !== null) {
    parts.push('c.general_sale_start_at > ?::timestamptz');
    params.push(instantParam(window.opensAfter));
  }
  if (window.opensAtOrBefore !== null) {
    parts.push('c.general_sale_start_at <= ?::timestamptz');
    params.push(instantParam(window.opensAtOrBefore));
  }
  const seats = SEATS[window.seats];
  if (seats) parts.push(seats);
  return `(${parts.join(' and ')})`;
}

/** `%`, `_` and the escape character itself match literally. */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (character) => `!${character}`);
}

function idKeyword(keyword: string): number | null {
  const trimmed = keyword.trim();
  if (!/^\d{1,16}$/.test(trimmed)) return null;
  const id = Number(trimmed);
  return id <= MAX_ID_KEYWORD ? id : null;
}
