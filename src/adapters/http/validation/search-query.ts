// Query string of `GET /api/concerts/search` → the application's ConcertSearchQuery. Unknown
// parameters are ignored (clients and proxies add their own); known ones are checked strictly.

import { isStorableText } from './storable-text.js';
import { z } from 'zod';
import { SORT_FIELDS, type ConcertSearchQuery } from '../../../domain/card/card-query.js';
import { SEARCH_PAGE_SIZE_MAX } from '../../../contract/wire.js';
import { validationFailed } from '../http-error.js';
import { parseOrReject } from './parse-or-reject.js';

export const PAGE_MAX = 1_000_000;
export const SIZE_MAX = SEARCH_PAGE_SIZE_MAX;
export const FILTER_MAX = 100;
const DEFAULT_SIZE = 20;

const KNOWN = ['keyword', 'artistName', 'entertainmentName', 'page', 'size', 'sort'] as const;

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

const sortMessage = `sort must be "field,direction" with field one of ${SORT_FIELDS.join('|')} and direction asc|desc`;
const sortParam = z
  .string()
  .optional()
  .transform((text, ctx): ConcertSearchQuery['sort'] => {
    if (text === undefined || text.trim() === '') return { field: 'id', direction: 'asc' };
    const [field, direction = 'asc', ...rest] = text.split(',').map((part) => part.trim());
    const knownField = SORT_FIELDS.find((known) => known === field);
    const knownDirection = direction.toLowerCase() === 'asc' ? 'asc' : direction.toLowerCase() === 'desc' ? 'desc' : null;
    if (!knownField || !knownDirection || rest.length > 0) {
      ctx.issues.push({ code: 'custom', input: text, message: sortMessage });
      return z.NEVER;
    }
    return { field: knownField, direction: knownDirection };
  });

const querySchema = z.object({
  keyword: filterParam('keyword'),
  artistName: filterParam('artistName'),
  entertainmentName: filterParam('entertainmentName'),
  page: integerParam('page', 0, PAGE_MAX, 0),
  size: integerParam('size', 1, SIZE_MAX, DEFAULT_SIZE),
  sort: sortParam,
});

export function parseSearchQuery(query: Record<string, string | string[] | undefined>): ConcertSearchQuery {
  const repeated = KNOWN.filter((name) => Array.isArray(query[name]));
  if (repeated.length > 0) {
    throw validationFailed(repeated.map((name) => ({ field: name, message: `${name} must be given at most once` })));
  }
  const known = Object.fromEntries(KNOWN.map((name) => [name, query[name]]));
  return parseOrReject(querySchema, known, 'query');
}
