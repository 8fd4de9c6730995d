// The concert write ports on PostgreSQL: the catalogue (insert, edit, delete) and the seat
// inventory. Seat changes are single conditional UPDATEs, so concurrent reservations never
// oversell. Every write stamps `updated_at` with the application's instant (never the database's
// now()), because the inventory-drift check compares it with an instant from the same clock.

import type { Concert, ConcertDetails } from '../../domain/card/concert.js';
import type { ConcertCatalogue } from '../../application/ports/outbound/concert-catalogue.js';
import type { SeatInventory } from '../../application/ports/outbound/seat-inventory.js';
import { CONCERT_COLUMNS, DETAIL_FIELDS, columnOf, detailParams, placeholderOf, toConcert, type ConcertRow } from './concert-rows.js';
import { instantParam, type SqlRunner } from './sql-runner.js';

const RETURNING_CONCERT = `returning ${CONCERT_COLUMNS}`;
const DETAIL_COLUMNS = DETAIL_FIELDS.map(columnOf);

export class PostgresConcertWrites implements ConcertCatalogue, SeatInventory {
  constructor(private readonly sql: SqlRunner) {}

  async insert(details: ConcertDetails, now: number): Promise<Concert> {
    const row = await this.sql.one<ConcertRow>(
      `insert into concert as c (${DETAIL_COLUMNS.join(', ')}, available_seat_count, created_at, updated_at)
       values (${DETAIL_FIELDS.map(placeholderOf).join(', ')}, ?, ?::timestamptz, ?::timestamptz)
       ${RETURNING_CONCERT}`,
      [...detailParams(details), details.totalSeatCount, instantParam(now), instantParam(now)],
    );
    if (row === undefined) throw new Error('INSERT ... RETURNING produced no row');
    return toConcert(row);
  }

  async update(id: number, details: ConcertDetails, now: number): Promise<Concert | null> {
    // SET and WHERE read the row as it is when this UPDATE gets its lock (READ COMMITTED re-checks
    // after waiting), so a reservation committed since the caller's read still counts as sold.
    const row = await this.sql.one<ConcertRow>(
      `update concert as c set
         ${DETAIL_FIELDS.map((field) => `${columnOf(field)} = ${placeholderOf(field)}`).join(', ')},
         available_seat_count = c.available_seat_count + (?::int - c.total_seat_count),
         updated_at = ?::timestamptz
       where c.id = ? and ?::int >= c.total_seat_count - c.available_seat_count
       ${RETURNING_CONCERT}`,
      [...detailParams(details), details.totalSeatCount, instantParam(now), id, details.totalSeatCount],
    );
    return row ? toConcert(row) : null;
  }

  async delete(id: number): Promise<boolean> {
    return (await this.sql.affected('delete from concert where id = ?', [id])) > 0;
  }

  async takeSeats(id: number, quantity: number, now: number): Promise<Concert | null> {
    const row = await this.sql.one<ConcertRow>(
      `update concert as c set available_seat_count = c.available_seat_count - ?, updated_at = ?::timestamptz
       where c.id = ? and c.available_seat_count >= ? and c.general_sale_start_at <= ?::timestamptz
       ${RETURNING_CONCERT}`,
      [quantity, instantParam(now), id, quantity, instantParam(now)],
    );
    return row ? toConcert(row) : null;
  }
}
