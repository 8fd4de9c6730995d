// `GET /api/concerts/highlights` query → how many cards each highlight list may hold.

import { z } from 'zod';
import { HIGHLIGHT_LIMIT } from '../../../domain/card/highlights.js';
import { parseOrReject } from './parse-or-reject.js';

export const HIGHLIGHT_LIMIT_MIN = HIGHLIGHT_LIMIT.min;
export const HIGHLIGHT_LIMIT_MAX = HIGHLIGHT_LIMIT.max;
export const HIGHLIGHT_LIMIT_DEFAULT = HIGHLIGHT_LIMIT.default;

const limit = (name: string) => {
  const message = `${name} must be an integer from ${HIGHLIGHT_LIMIT_MIN} to ${HIGHLIGHT_LIMIT_MAX}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,3}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= HIGHLIGHT_LIMIT_MIN && n <= HIGHLIGHT_LIMIT_MAX, { error: message })
    .default(HIGHLIGHT_LIMIT_DEFAULT);
};

export const HIGHLIGHTS_PARAMETERS = ['openingSoonLimit', 'sellOutRiskLimit'] as const;

const schema = z.object({
  openingSoonLimit: limit('openingSoonLimit'),
  sellOutRiskLimit: limit('sellOutRiskLimit'),
});

export function parseHighlightsQuery(query: Record<string, string | string[] | undefined>): { openingSoonLimit: number; sellOutRiskLimit: number } {
  return parseOrReject(schema, { openingSoonLimit: query.openingSoonLimit, sellOutRiskLimit: query.sellOutRiskLimit }, 'query');
}
