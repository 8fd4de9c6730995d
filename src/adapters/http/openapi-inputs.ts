// What the OpenAPI document says clients may send: path and query parameters and request bodies,
// with the rules the validators in validation/ apply, stated rather than left to be discovered
// (trimming, UTF-8, the RFC 3339 subset, URL normalisation, assigned country codes).

import { POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS } from '../../domain/realtime/realtime-mode.js';
import { SORT_FIELDS } from '../../domain/card/card-query.js';
import { SALE_STATUSES } from '../../domain/card/sale-status.js';
import { CONCERT_ID_MAX } from './validation/concert-id.js';
import { NAME_MAX, SEATS_MAX, TEXT_MAX, URL_MAX } from './validation/concert-input.js';
import { COUNTRY_CODES } from './validation/country-codes.js';
import { HIGHLIGHT_LIMIT_DEFAULT, HIGHLIGHT_LIMIT_MAX, HIGHLIGHT_LIMIT_MIN } from './validation/highlights-query.js';
import { QUANTITY_MAX } from './validation/reservation-input.js';
import { FILTER_MAX, PAGE_MAX, SIZE_MAX } from './validation/search-query.js';
import { nullable, ref, type Json } from './openapi-refs.js';

const TRIMMED = 'Leading and trailing white space is removed first; the length limit applies to what remains.';
const UTF8_QUERY = 'Must be UTF-8 once percent-decoded.';

export const concertIdParameter: Json = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Concert id',
  schema: { type: 'integer', minimum: 1, maximum: CONCERT_ID_MAX },
};

const queryParameter = (name: string, schema: Json, description: string): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** The protocol version the client speaks (CONTRACT.md "Protocol version"), on every snapshot read. */
export const protocolVersionParameter: Json = queryParameter(
  'protocolVersion',
  { type: 'integer', minimum: 1 },
  'The wire protocol version the client speaks; absent means 1. One this server cannot serve is a 400 UNSUPPORTED_PROTOCOL_VERSION naming the versions it can.',
);

export const searchParameters: Json[] = [
  queryParameter('keyword', { type: 'string', maxLength: FILTER_MAX }, `Matches title, artist or entertainment name (case-insensitive); empty means none. ${TRIMMED} ${UTF8_QUERY}`),
  queryParameter('artistName', { type: 'string', maxLength: FILTER_MAX }, `Exact artist name, case-insensitive; empty means none. ${TRIMMED} ${UTF8_QUERY}`),
  queryParameter('entertainmentName', { type: 'string', maxLength: FILTER_MAX }, `Exact entertainment name, case-insensitive; empty means none. ${TRIMMED} ${UTF8_QUERY}`),
  queryParameter(
    'saleStatus',
    { type: 'string', pattern: `^((${SALE_STATUSES.join('|')})(,(${SALE_STATUSES.join('|')}))*)?$` },
    'Comma-separated sale statuses (no spaces), e.g. `OPEN,OPEN_SOON_5M`: only concerts whose status at the instant of the read is one of them; empty means any. The status moves with time, so a status-filtered view re-reads on a catalogue notice naming `saleStatus`.',
  ),
  queryParameter('page', { type: 'integer', minimum: 0, maximum: PAGE_MAX, default: 0 }, 'Zero-based page'),
  queryParameter('size', { type: 'integer', minimum: 1, maximum: SIZE_MAX, default: 20 }, 'Page size'),
  queryParameter(
    'sort',
    { type: 'string', pattern: `^((${SORT_FIELDS.join('|')})(,(asc|desc))?)?$`, default: 'id,asc' },
    '`field` or `field,direction`, exactly so: lower-case direction, no spaces. The direction defaults to asc; an empty sort means id,asc.',
  ),
  protocolVersionParameter,
];

const highlightLimit = (name: string): Json =>
  queryParameter(name, { type: 'integer', minimum: HIGHLIGHT_LIMIT_MIN, maximum: HIGHLIGHT_LIMIT_MAX, default: HIGHLIGHT_LIMIT_DEFAULT }, 'How many cards the list may hold');

export const highlightsParameters: Json[] = [highlightLimit('openingSoonLimit'), highlightLimit('sellOutRiskLimit'), protocolVersionParameter];

const requiredName: Json = {
  type: 'string',
  minLength: 1,
  maxLength: NAME_MAX,
  pattern: '\\S',
  description: `Not blank. ${TRIMMED}`,
};
const optionalText = nullable('string', { maxLength: TEXT_MAX, description: `${TRIMMED} Blank is stored as null.` });
const webUrl = nullable('string', {
  format: 'uri',
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  maxLength: URL_MAX,
  description:
    'An absolute http or https URI (RFC 3986), kept as written. Text that is not a URI is stored as a browser ' +
    'would fetch it (the WHATWG URL href: host in punycode, spaces and non-ASCII percent-encoded) when that is a ' +
    `URI of at most ${URL_MAX} characters, and refused when not; a backslash or a control character is always refused. ${TRIMMED}`,
});
const countryCode = nullable('string', {
  enum: [...COUNTRY_CODES, null],
  description:
    'An officially assigned ISO 3166-1 alpha-2 code: user-assigned (AA, QM-QZ, XA-XZ, ZZ) and reserved codes ' +
    '(EU, UK, UN, ...) are refused. Lower case is accepted and stored upper case. ' + TRIMMED,
});

const concertInputProperties: Json = {
  title: requiredName,
  artistName: requiredName,
  totalSeatCount: { type: 'integer', minimum: 0, maximum: SEATS_MAX },
  generalSaleStartAt: nullable('string', {
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$',
    description:
      'An RFC 3339 date-time: seconds written, offset Z or ±hh:mm ("+09:00", not "+0900") up to ±18:00, ' +
      'at most nine fraction digits (kept to the millisecond), in years 0001-9999 once in UTC. A zone-less local ' +
      'time is refused. null: unscheduled.',
  }),
  artistDisplayName: optionalText,
  artistGenre: optionalText,
  artistDebutDate: nullable('string', { format: 'date', description: 'A real calendar date YYYY-MM-DD, year 0001 or later' }),
  entertainmentName: optionalText,
  entertainmentCountryCode: countryCode,
  entertainmentHomepageUrl: webUrl,
  promoterName: optionalText,
  promoterCountryCode: countryCode,
  promoterHomepageUrl: webUrl,
  thumbnailUrl: webUrl,
  youtubeVideoUrl: webUrl,
};

export const inputSchemas: Record<string, Json> = {
  ConcertInput: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'artistName', 'totalSeatCount'],
    properties: concertInputProperties,
  },
  ConcertPatch: {
    type: 'object',
    description: 'Any non-empty subset of ConcertInput; null clears a field (generalSaleStartAt: null unschedules).',
    additionalProperties: false,
    minProperties: 1,
    properties: concertInputProperties,
  },
  ReservationInput: {
    type: 'object',
    additionalProperties: false,
    required: ['quantity'],
    properties: { quantity: { type: 'integer', minimum: 1, maximum: QUANTITY_MAX } },
  },
  RealtimeSettings: {
    type: 'object',
    additionalProperties: false,
    required: ['mode', 'hybridPollIntervalMillis'],
    properties: {
      mode: ref('RealtimeMode'),
      hybridPollIntervalMillis: { type: 'integer', minimum: POLL_INTERVAL_MIN_MS, maximum: POLL_INTERVAL_MAX_MS },
    },
  },
};

export const requestBody = (name: string): Json => ({
  required: true,
  description: 'JSON in UTF-8 (Content-Type application/json, no charset or charset=utf-8); no string may hold a lone UTF-16 surrogate ("\\ud800").',
  content: { 'application/json': { schema: ref(name) } },
});
