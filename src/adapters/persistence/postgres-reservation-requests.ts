// Reservation answers under their Idempotency-Key on PostgreSQL (`reservation_request`). A claim is
// an INSERT of the key: a second transaction inserting the same key waits on the unique index until
// the first ends, then finds its committed answer (or, after a rollback, claims the key itself).
// An answer past its time is deleted by the claim that finds it, and by the prune job.

import type { AnsweredRequest, ReservationOutcome, ReservationRequestRetention, ReservationRequests } from '../../application/ports/outbound/reservation-requests.js';
import { instantParam, type SqlRunner } from './sql-runner.js';

interface AnswerRow {
  fingerprint: string;
  concert_id: string;
  outcome: ReservationOutcome;
}

export class PostgresReservationRequests implements ReservationRequests, ReservationRequestRetention {
  constructor(private readonly sql: SqlRunner) {}

  async claim(key: string, now: number): Promise<AnsweredRequest | null> {
    await this.sql.affected('delete from reservation_request where key = ? and expires_at <= ?::timestamptz', [key, instantParam(now)]);
    // The claim expires at once: record() sets its real time, and a claim committed without an
    // answer (which the use case never does) is then no more than an expired row.
    const claimed = await this.sql.one<{ key: string }>(
      'insert into reservation_request (key, expires_at) values (?, ?::timestamptz) on conflict (key) do nothing returning key',
      [key, instantParam(now)],
    );
    if (claimed) return null;
    const row = await this.sql.one<AnswerRow>('select fingerprint, concert_id, outcome from reservation_request where key = ? and outcome is not null', [key]);
    if (!row) throw new Error(`reservation_request ${JSON.stringify(key)} is claimed by a committed transaction that stored no answer`);
    return { fingerprint: row.fingerprint, concertId: Number(row.concert_id), outcome: row.outcome };
  }

  async record(key: string, answer: AnsweredRequest, expiresAt: number): Promise<void> {
    const changed = await this.sql.affected(
      'update reservation_request set fingerprint = ?, concert_id = ?, outcome = ?::jsonb, expires_at = ?::timestamptz where key = ?',
      [answer.fingerprint, answer.concertId, JSON.stringify(answer.outcome), instantParam(expiresAt), key],
    );
    if (changed !== 1) throw new Error(`reservation_request ${JSON.stringify(key)} was not claimed by this transaction`);
  }

  async pruneExpired(now: number, limit: number): Promise<number> {
    return this.sql.affected(
      `delete from reservation_request where key in (
         select key from reservation_request where expires_at <= ?::timestamptz order by expires_at limit ?)`,
      [instantParam(now), limit],
    );
  }
}
