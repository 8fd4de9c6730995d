// `POST /api/concerts/:id/reservations` body → the seat quantity.

import { z } from 'zod';
import { parseOrReject } from './parse-or-reject.js';

export const QUANTITY_MAX = 10;

const message = `quantity must be an integer from 1 to ${QUANTITY_MAX}`;
const schema = z.strictObject({
  quantity: z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(QUANTITY_MAX, { error: message }),
});

export function parseReservation(body: unknown): number {
  return parseOrReject(schema, body).quantity;
}
