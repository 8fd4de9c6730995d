// The buyers of a chaos run: a reservation every few tens of milliseconds on an open sale, each
// with its own Idempotency-Key, retried with that key when the answer is unknown (connection lost,
// timeout) or 503, as a careful client would. Every attempt is recorded; the checker resolves the
// unknown ones against the answers PostgreSQL stored under their keys.

import { randomUUID } from 'node:crypto';
import type { ReservationRecord, ReservationAttempt } from './history.js';
import type { Http } from './http.js';
import { between, type Random } from './schedule.js';

const RETRIES = 4;

export class Buyers {
  readonly records: ReservationRecord[] = [];
  private readonly inFlight = new Map<number, number>();

  constructor(
    private readonly http: Http,
    private readonly random: Random,
  ) {}

  /** Reservations still running on this concert (the remover waits for none before it reads seats). */
  busy(concertId: number): boolean {
    return (this.inFlight.get(concertId) ?? 0) > 0;
  }

  async buy(concertId: number): Promise<void> {
    const key = randomUUID();
    const quantity = between(this.random, 1, 4);
    const attempts: ReservationAttempt[] = [];
    this.inFlight.set(concertId, (this.inFlight.get(concertId) ?? 0) + 1);
    try {
      for (let attempt = 0; attempt < RETRIES; attempt += 1) {
        const answer = await this.http.call('POST', `/api/concerts/${concertId}/reservations`, { body: { quantity }, headers: { 'idempotency-key': key }, timeoutMs: 4_000 });
        attempts.push({ t: Date.now(), status: answer.status });
        if (answer.status !== 0 && answer.status !== 503) break;
        await new Promise((resolve) => setTimeout(resolve, between(this.random, 200, 800)));
      }
    } finally {
      this.inFlight.set(concertId, (this.inFlight.get(concertId) ?? 1) - 1);
      this.records.push({ key, concertId, quantity, attempts });
    }
  }
}
