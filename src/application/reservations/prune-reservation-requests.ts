// Forgets reservation answers kept past IDEMPOTENCY_KEY_RETENTION_MS (a scheduled job, one instance
// at a time), a batch per run: a key whose answer went is a new request again.

import type { Clock } from '../ports/clock.js';
import type { ReservationRequestRetention } from '../ports/outbound/reservation-requests.js';

export const PRUNE_BATCH = 5_000;

export class PruneReservationRequests {
  constructor(
    private readonly retention: ReservationRequestRetention,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<number> {
    return this.retention.pruneExpired(this.clock.now(), PRUNE_BATCH);
  }
}
