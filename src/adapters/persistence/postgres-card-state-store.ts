// The published card states on PostgreSQL: the lock and compare-and-set a publication uses, and
// the "which cards are due" questions of the boundary wake-up and the reconcile job. Compare-and-set
// is one UPDATE guarded by the expected version, so of two writers racing on the same version
// exactly one changes the row. (`concert_card_state.updated_at` is an audit stamp, never compared.)
//
// Inventory drift compares the concert's live seats with the published seats and uses the
// concert's `updated_at` (stamped by every seat change with the application's clock) as "last
// touched": the seat change is what the coalescing window waits on, not the last publication.

import type { PublishedCardState } from '../../domain/card/card-state.js';
import type { CardsDue } from '../../application/ports/outbound/cards-due.js';
import type { PublishedCardStates } from '../../application/ports/outbound/published-card-states.js';
import { instantParam, type SqlRunner } from './sql-runner.js';

export class PostgresCardStateStore implements PublishedCardStates, CardsDue {
  constructor(private readonly sql: SqlRunner) {}

  async create(state: PublishedCardState): Promise<void> {
    await this.sql.affected(
      `insert into concert_card_state
         (concert_id, version, published_status, published_available_seat_count, next_boundary_at, updated_at)
       values (?, ?, ?, ?, ?::timestamptz, now())`,
      [state.concertId, state.version, state.publishedStatus, state.publishedAvailableSeatCount, instantParam(state.nextBoundaryAt)],
    );
  }

  async lock(concertIds: readonly number[]): Promise<void> {
    if (concertIds.length === 0) return;
    await this.sql.all('select concert_id from concert_card_state where concert_id in (?) order by concert_id for update', [concertIds]);
  }

  async compareAndSet(expectedVersion: number, next: PublishedCardState): Promise<boolean> {
    const changed = await this.sql.affected(
      `update concert_card_state
       set version = ?, published_status = ?, published_available_seat_count = ?, next_boundary_at = ?::timestamptz, updated_at = now()
       where concert_id = ? and version = ?`,
      [next.version, next.publishedStatus, next.publishedAvailableSeatCount, instantParam(next.nextBoundaryAt), next.concertId, expectedVersion],
    );
    return changed === 1;
  }

  async boundaryDue(instant: number, limit: number): Promise<number[]> {
    const rows = await this.sql.all<{ concert_id: string }>(
      `select concert_id from concert_card_state
       where next_boundary_at <= ?::timestamptz
       order by next_boundary_at, concert_id
       limit ?`,
      [instantParam(instant), limit],
    );
    return rows.map((row) => Number(row.concert_id));
  }

  async inventoryDrift(instant: number, limit: number): Promise<number[]> {
    const rows = await this.sql.all<{ id: string }>(
      `select c.id from concert c join concert_card_state s on s.concert_id = c.id
       where c.available_seat_count <> s.published_available_seat_count and c.updated_at <= ?::timestamptz
       order by c.updated_at, c.id
       limit ?`,
      [instantParam(instant), limit],
    );
    return rows.map((row) => Number(row.id));
  }
}
