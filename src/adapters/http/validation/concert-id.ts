// The `:id` path segment: a positive integer within the range concert ids are stored in (a
// PostgreSQL `integer` at most), so an absurd id is a 400 naming `id`, not a database error.

import { validationFailed } from '../http-error.js';

export const CONCERT_ID_MAX = 2_147_483_647;

export function parseConcertId(segment: string | undefined): number {
  const id = segment !== undefined && /^[1-9]\d{0,9}$/.test(segment) ? Number(segment) : NaN;
  if (Number.isInteger(id) && id <= CONCERT_ID_MAX) return id;
  throw validationFailed([{ field: 'id', message: `id must be a positive integer up to ${CONCERT_ID_MAX}` }]);
}
