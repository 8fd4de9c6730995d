// Query string of `GET /api/concerts/search` → the application's ConcertSearchQuery. Unknown
// parameters are ignored (clients and proxies add their own); known ones are checked strictly.

import { isStorableText } from './storable-text.js';
import { z } from 'zod';
import { SORT_FIELDS, type ConcertSearchQuery } from '../../../domain/card/card-query.js';
import { SALE_STATUSES, type SaleStatus } from '../../../domain/card/sale-status.js';
import { SEARCH_PAGE_SIZE_MAX } from '../../../contract/wire.js';
import { validationFailed } from '../http-error.js';
import { parseOrReject } from './parse-or-reject.js';

export const PAGE_MAX = 1_000_000;
export const SIZE_MAX = SEARCH_PAGE_SIZE_MAX;
export const FILTER_MAX = 100;
const DEFAULT_SIZE = 20;

export const SEARCH_PARAMETERS = ['keyword', 'artistName', 'entertainmentName', 'saleStatus', 'page', 'size', 'sort'] as const;

const integerParam = (name: string, min: number, max: number, fallback: number) => {
  const message = `${name} must be an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,10}$/, { error: message })
    .transform(Number)
    .pipe(z.number().min(min, { error: message }).max(max, { error: message }))
    .optional()
    .transform((value) => value ?? fallback);
};

const filterParam = (name: string) =>
  z
    .string()
    .trim()
    .max(FILTER_MAX, { error: `${name} must be at most ${FILTER_MAX} characters` })
    .refine(isStorableText, { error: `${name} must not contain NUL characters` })
    .optional()
    .transform((text) => (text ? text : null));

// A comma-separated list of statuses, exactly as spelled on the wire (no spaces); empty means any.
// Normalised to SALE_STATUSES order without repeats, so one set of statuses is one kept page.
const statusMessage = `saleStatus must be a comma-separated list of ${SALE_STATUSES.join('|')} (upper case, no spaces)`;
const saleStatusParam = z
  .string()
  .optional()
  .transform((text, ctx): readonly SaleStatus[] | null => {
    if (text === undefined || text === '') return null;
    const asked = text.split(',');
    if (!asked.every((status): status is SaleStatus => (SALE_STATUSES as readonly string[]).includes(status))) {
      ctx.issues.push({ code: 'custom', input: text, message: statusMessage });
      return z.NEVER;
    }
    return SALE_STATUSES.filter((status) => asked.includes(status));
  });

// Exactly the document's spelling: a field, optionally `,asc` or `,desc`, lower case, no spaces.
// An empty sort means the default, as an empty filter means none.
const SORT = new RegExp(`^(${SORT_FIELDS.join('|')})(?:,(asc|desc))?$`);
const sortMessage = `sort must be "field" or "field,direction" with field one of ${SORT_FIELDS.join('|')} and direction asc|desc (lower case, no spaces)`;
const sortParam = z
  .string()
  .optional()
  .transform((text, ctx): ConcertSearchQuery['sort'] => {
    if (text === undefined || text === '') return { field: 'id', direction: 'asc' };
    const match = SORT.exec(text);
    if (!match) {
      ctx.issues.push({ code: 'custom', input: text, message: sortMessage });
      return z.NEVER;
    }
    return { field: match[1] as ConcertSearchQuery['sort']['field'], direction: match[2] === 'desc' ? 'desc' : 'asc' };
  });

const querySchema = z.object({
  keyword: filterParam('keyword'),
  artistName: filterParam('artistName'),
  entertainmentName: filterParam('entertainmentName'),
  saleStatus: saleStatusParam,
  page: integerParam('page', 0, PAGE_MAX, 0),
  size: integerParam('size', 1, SIZE_MAX, DEFAULT_SIZE),
  sort: sortParam,
});

export function parseSearchQuery(query: Record<string, string | string[] | undefined>): ConcertSearchQuery {
  const repeated = SEARCH_PARAMETERS.filter((name) => Array.isArray(query[name]));
  if (repeated.length > 0) {
    throw validationFailed(repeated.map((name) => ({ field: name, message: `${name} must be given at most once` })));
  }
  const known = Object.fromEntries(SEARCH_PARAMETERS.map((name) => [name, query[name]]));
  const { saleStatus, ...parsed } = parseOrReject(querySchema, known, 'query');
  return { ...parsed, saleStatuses: saleStatus };
}
