// Admin concert bodies → domain ConcertDetails. Create takes the full set (absent optional → null);
// update takes any non-empty subset, where `null` clears a field (`generalSaleStartAt: null`
// unschedules). Bodies are strict: an unknown key is a 400, not silently dropped.

import { isStorableText } from './storable-text.js';
import { z } from 'zod';
import type { ConcertDetails } from '../../../domain/card/concert.js';
import { isCalendarDate, parseInstant } from './calendar.js';
import { COUNTRY_CODES } from './country-codes.js';
import { parseOrReject } from './parse-or-reject.js';
import { checkWebUrl } from './web-url.js';
import { validationFailed } from '../http-error.js';

export const NAME_MAX = 200;
export const TEXT_MAX = 200;
export const URL_MAX = 2048;
export const SEATS_MAX = 1_000_000;

const requiredName = (field: string) => {
  const message = `${field} must be a string of 1 to ${NAME_MAX} characters (not blank)`;
  return z.string({ error: message }).trim().min(1, { error: message }).max(NAME_MAX, { error: message }).refine(isStorableText, { error: `${field} must not contain NUL characters` });
};

/** Optional text: null or blank → null. */
const optionalText = (field: string) => {
  const message = `${field} must be a string of at most ${TEXT_MAX} characters, or null`;
  return z
    .string({ error: message })
    .trim()
    .max(TEXT_MAX, { error: message })
    .refine(isStorableText, { error: `${field} must not contain NUL characters` })
    .transform((text) => (text === '' ? null : text))
    .nullable();
};

const countryCode = (field: string) => {
  const message = `${field} must be an ISO 3166-1 alpha-2 country code (e.g. "KR"), or null`;
  return z
    .string({ error: message })
    .trim()
    .toUpperCase()
    .refine((code) => COUNTRY_CODES.has(code), { error: message })
    .nullable();
};

const webUrl = (field: string) => {
  const messages = {
    'not-http': `${field} must be an absolute http or https URL of at most ${URL_MAX} characters, or null`,
    'too-long': `${field} must be at most ${URL_MAX} characters once normalised (non-ASCII is percent-encoded), or null`,
    backslash: `${field} contains a backslash: write "/" (browsers read "\\" as "/", other URL parsers do not)`,
    control: `${field} contains a control character or a line break`,
    'not-uri': `${field} is not a URI (RFC 3986) even once normalised: percent-encode characters such as | ^ { } \` and a second #, and write % only as %XX`,
  } as const;
  return z
    .string({ error: messages['not-http'] })
    .trim()
    .max(URL_MAX, { error: messages['too-long'] })
    .transform((text, ctx) => {
      const verdict = checkWebUrl(text, URL_MAX);
      if (verdict.ok) return verdict.href;
      ctx.issues.push({ code: 'custom', input: text, message: messages[verdict.reason] });
      return z.NEVER;
    })
    .nullable();
};

const calendarDate = (field: string) => {
  const message = `${field} must be a real calendar date YYYY-MM-DD, or null`;
  return z.string({ error: message }).refine(isCalendarDate, { error: message }).nullable();
};

const seatCount = (field: string) => {
  const message = `${field} must be an integer from 0 to ${SEATS_MAX}`;
  return z.number({ error: message }).int({ error: message }).min(0, { error: message }).max(SEATS_MAX, { error: message });
};

const saleStart = (field: string) =>
  z
    .string({ error: `${field} must be an RFC 3339 date-time with an offset or Z (e.g. "2026-03-01T12:00:00Z"), or null` })
    .transform((text, ctx) => {
      const parsed = parseInstant(text.trim());
      if (parsed.ok) return parsed.epochMs;
      ctx.issues.push({
        code: 'custom',
        input: text,
        message: {
          zoneless: `${field} has no offset: a zone-less local time is ambiguous, add Z or ±hh:mm (e.g. "2026-03-01T12:00:00+09:00")`,
          seconds: `${field} has no seconds: RFC 3339 needs hh:mm:ss (e.g. "2026-03-01T12:00:00Z")`,
          offset: `${field} writes its offset as ±hhmm: write ±hh:mm (e.g. "2026-03-01T21:00:00+09:00")`,
          range: `${field} must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z`,
          format: `${field} must be an RFC 3339 date-time with an offset or Z (e.g. "2026-03-01T12:00:00Z")`,
        }[parsed.reason],
      });
      return z.NEVER;
    })
    .nullable();

const createSchema = z.strictObject({
  title: requiredName('title'),
  artistName: requiredName('artistName'),
  totalSeatCount: seatCount('totalSeatCount'),
  generalSaleStartAt: saleStart('generalSaleStartAt').optional(),
  artistDisplayName: optionalText('artistDisplayName').optional(),
  artistGenre: optionalText('artistGenre').optional(),
  artistDebutDate: calendarDate('artistDebutDate').optional(),
  entertainmentName: optionalText('entertainmentName').optional(),
  entertainmentCountryCode: countryCode('entertainmentCountryCode').optional(),
  entertainmentHomepageUrl: webUrl('entertainmentHomepageUrl').optional(),
  promoterName: optionalText('promoterName').optional(),
  promoterCountryCode: countryCode('promoterCountryCode').optional(),
  promoterHomepageUrl: webUrl('promoterHomepageUrl').optional(),
  thumbnailUrl: webUrl('thumbnailUrl').optional(),
  youtubeVideoUrl: webUrl('youtubeVideoUrl').optional(),
});

const updateSchema = createSchema.partial();

export function parseNewConcert(body: unknown): ConcertDetails {
  const input = parseOrReject(createSchema, body);
  return {
    title: input.title,
    artistName: input.artistName,
    totalSeatCount: input.totalSeatCount,
    generalSaleStartAt: input.generalSaleStartAt ?? null,
    artistDisplayName: input.artistDisplayName ?? null,
    artistGenre: input.artistGenre ?? null,
    artistDebutDate: input.artistDebutDate ?? null,
    entertainmentName: input.entertainmentName ?? null,
    entertainmentCountryCode: input.entertainmentCountryCode ?? null,
    entertainmentHomepageUrl: input.entertainmentHomepageUrl ?? null,
    promoterName: input.promoterName ?? null,
    promoterCountryCode: input.promoterCountryCode ?? null,
    promoterHomepageUrl: input.promoterHomepageUrl ?? null,
    thumbnailUrl: input.thumbnailUrl ?? null,
    youtubeVideoUrl: input.youtubeVideoUrl ?? null,
  };
}

/** Only the keys present in the body; an explicit null stays null (it clears the field). */
export function parseConcertEdit(body: unknown): Partial<ConcertDetails> {
  const input = parseOrReject(updateSchema, body);
  const edit = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  if (Object.keys(edit).length === 0) {
    throw validationFailed([{ field: 'body', message: 'body must contain at least one concert field to change' }]);
  }
  return edit as Partial<ConcertDetails>;
}
