// `POST /api/concerts/:id/reservations` body → the seat quantity.

import { z } from 'zod';
import { validationFailed } from '../http-error.js';
import { parseOrReject } from './parse-or-reject.js';

export const QUANTITY_MAX = 10;

const message = `quantity must be an integer from 1 to ${QUANTITY_MAX}`;
const schema = z.strictObject({
  quantity: z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(QUANTITY_MAX, { error: message }),
});

export function parseReservation(body: unknown): number {
  return parseOrReject(schema, body).quantity;
}

export const IDEMPOTENCY_KEY_MAX = 255;
const KEY = new RegExp(`^[\\x21-\\x7E]{1,${IDEMPOTENCY_KEY_MAX}}$`);

/** The `Idempotency-Key` header: absent (null), or 1-255 visible ASCII characters (a UUID fits). */
export function parseIdempotencyKey(header: string): string | null {
  if (header === '') return null;
  if (!KEY.test(header)) {
    throw validationFailed([{ field: 'Idempotency-Key', message: `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters (no spaces)` }]);
  }
  return header;
}
