// Check 4, inventory. Per concert: seats sold (total − available in PostgreSQL) never exceed the
// seats offered; every 201 a buyer got is a sale the database kept (its key's stored answer is a
// reservation); a buyer told 409 has no seats taken under its key; and the seats sold equal the
// quantities of the 201s plus those of the requests whose outcome the buyer could not know
// (every attempt lost or 503), resolved by the answer stored under their key — so no retry with
// one Idempotency-Key took seats twice, and no seat went missing.

import type { History, ReservationRecord } from '../history.js';
import { result, type CheckResult } from './common.js';

const DEFINITIVE = new Set([201, 409, 404, 400, 422, 429]);

export interface InventoryFigures {
  readonly requests: number;
  readonly attempts: number;
  readonly created: number;
  readonly refused: number;
  readonly unknownResolvedSold: number;
  readonly unknownResolvedNotSold: number;
  readonly seatsSold: number;
}

/** The status a buyer finally knew, or null when it never got a definitive one. */
function known(record: ReservationRecord): number | null {
  for (const attempt of record.attempts) if (DEFINITIVE.has(attempt.status)) return attempt.status;
  return null;
}

export function checkInventory(history: History): { check: CheckResult; figures: InventoryFigures } {
  const answers = history.truth.answers;
  const failures: string[] = [];
  const expected = new Map<number, number>();
  let created = 0;
  let refused = 0;
  let unknownSold = 0;
  let unknownNot = 0;
  for (const record of history.reservations) {
    const status = known(record);
    const stored = answers[record.key];
    let sold = false;
    if (status === 201) {
      created += 1;
      sold = true;
      if (stored !== 201) failures.push(`key ${record.key}: 201 for ${record.quantity} seats of concert ${record.concertId}, but the database kept ${stored ?? 'no answer'}`);
    } else if (status === null) {
      sold = stored === 201;
      if (sold) unknownSold += 1;
      else unknownNot += 1;
    } else {
      if (status === 409) refused += 1;
      if (stored === 201) failures.push(`key ${record.key}: told ${status}, but the database took ${record.quantity} seats of concert ${record.concertId}`);
    }
    if (sold) expected.set(record.concertId, (expected.get(record.concertId) ?? 0) + record.quantity);
  }
  let seatsSold = 0;
  const seen = new Set<number>();
  for (const { id, total, available } of history.truth.seats) {
    if (seen.has(id)) continue;
    seen.add(id);
    const sold = total - available;
    seatsSold += sold;
    if (available < 0 || sold > total) failures.push(`concert ${id}: ${sold} seats sold of ${total} offered`);
    const want = expected.get(id) ?? 0;
    if (sold !== want) failures.push(`concert ${id}: ${sold} seats sold in the database, ${want} by the 201s and resolved unknowns`);
  }
  for (const id of expected.keys()) if (!seen.has(id)) failures.push(`concert ${id}: sales recorded but its seats were never read`);
  const figures = { requests: history.reservations.length, attempts: history.reservations.reduce((n, r) => n + r.attempts.length, 0), created, refused, unknownResolvedSold: unknownSold, unknownResolvedNotSold: unknownNot, seatsSold };
  const detail = `${figures.requests} requests (${figures.attempts} attempts): ${created} × 201, ${refused} × 409, ${unknownSold + unknownNot} unknown (${unknownSold} resolved sold); ${seatsSold} seats sold over ${seen.size} concerts`;
  return { check: result('inventory: no oversell, 201s exist, retries sold once', detail, failures), figures };
}
