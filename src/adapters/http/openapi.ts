// The OpenAPI 3.1 description of this adapter's endpoints, served at `GET /openapi.json`. The
// response bodies are the published wire schemas (src/contract, generated from one definition);
// parameters and inputs are built from the same limits and enums the validators use, so the
// document and the code cannot drift on a number. test/http checks the document and real
// responses against it.

import { POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS } from '../../domain/realtime/realtime-mode.js';
import { SORT_FIELDS } from '../../domain/card/card-query.js';
import { wireJsonSchemas } from '../../contract/wire-documents.js';
import { CONCERT_ID_MAX } from './validation/concert-id.js';
import { NAME_MAX, SEATS_MAX, TEXT_MAX, URL_MAX } from './validation/concert-input.js';
import { HIGHLIGHT_LIMIT_DEFAULT, HIGHLIGHT_LIMIT_MAX, HIGHLIGHT_LIMIT_MIN } from './validation/highlights-query.js';
import { QUANTITY_MAX } from './validation/reservation-input.js';
import { FILTER_MAX, PAGE_MAX, SIZE_MAX } from './validation/search-query.js';
import { DEFAULT_BODY_LIMIT_BYTES } from './middleware/json-body.js';

type Json = { [key: string]: unknown };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Json = {}): Json => ({ type: [type, 'null'], ...extra });
const json = (schema: Json, description: string): Json => ({
  description,
  content: { 'application/json': { schema } },
});
const problem = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

const nullableText = nullable('string', { maxLength: TEXT_MAX });
const nullableUrl = nullable('string', { format: 'uri', maxLength: URL_MAX });

const concertIdParameter: Json = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Concert id',
  schema: { type: 'integer', minimum: 1, maximum: CONCERT_ID_MAX },
};

const adminSecurity = [{ bearerAuth: [] }];

const concertInputProperties: Json = {
  title: { type: 'string', minLength: 1, maxLength: NAME_MAX },
  artistName: { type: 'string', minLength: 1, maxLength: NAME_MAX },
  totalSeatCount: { type: 'integer', minimum: 0, maximum: SEATS_MAX },
  generalSaleStartAt: nullable('string', {
    format: 'date-time',
    description: 'ISO-8601 instant WITH an offset or Z; a zone-less local time is rejected. null: unscheduled.',
  }),
  artistDisplayName: nullableText,
  artistGenre: nullableText,
  artistDebutDate: nullable('string', { format: 'date' }),
  entertainmentName: nullableText,
  entertainmentCountryCode: nullable('string', { pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  entertainmentHomepageUrl: nullableUrl,
  promoterName: nullableText,
  promoterCountryCode: nullable('string', { pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  promoterHomepageUrl: nullableUrl,
  thumbnailUrl: nullableUrl,
  youtubeVideoUrl: nullableUrl,
};

const schemas: Record<string, Json> = {
  ...wireJsonSchemas('draft-2020-12', '#/components/schemas/', [
    'Card',
    'ServerTime',
    'SearchResponse',
    'CardResponse',
    'CardEnvelope',
    'HighlightsResponse',
    'RealtimeSettingsResponse',
  ]),
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
  FieldProblem: {
    type: 'object',
    additionalProperties: false,
    required: ['field', 'message'],
    properties: { field: { type: 'string' }, message: { type: 'string' } },
  },
  Error: {
    type: 'object',
    additionalProperties: false,
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description:
              'VALIDATION_FAILED, MALFORMED_JSON, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONCERT_NOT_FOUND, ' +
              'METHOD_NOT_ALLOWED, SALE_NOT_OPEN, SEATS_UNAVAILABLE, PAYLOAD_TOO_LARGE, ' +
              'UNSUPPORTED_MEDIA_TYPE, NOT_IMPLEMENTED, MALFORMED_REQUEST, INTERNAL, UNAVAILABLE',
          },
          message: { type: 'string' },
          details: {
            description: 'VALIDATION_FAILED: the offending fields; SEATS_UNAVAILABLE: {requested, available}',
            anyOf: [{ type: 'array', items: ref('FieldProblem') }, { type: 'object' }],
          },
        },
      },
    },
  },
  Liveness: {
    type: 'object',
    additionalProperties: false,
    required: ['status'],
    properties: { status: { type: 'string', enum: ['UP', 'DOWN'] } },
  },
  Readiness: {
    type: 'object',
    additionalProperties: false,
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['UP', 'DOWN'] },
      checks: { type: 'object', additionalProperties: { type: 'boolean' } },
    },
  },
};

const errorResponse = (description: string): Json => json(ref('Error'), description);

const responses: Record<string, Json> = {
  ValidationFailed: errorResponse('VALIDATION_FAILED (names the parameter) or MALFORMED_JSON'),
  Unauthorized: errorResponse('UNAUTHORIZED: no bearer token'),
  Forbidden: errorResponse('FORBIDDEN: wrong bearer token'),
  ConcertNotFound: errorResponse('CONCERT_NOT_FOUND'),
  Conflict: errorResponse('SALE_NOT_OPEN or SEATS_UNAVAILABLE (details {requested, available})'),
  PayloadTooLarge: errorResponse(`PAYLOAD_TOO_LARGE: body over ${DEFAULT_BODY_LIMIT_BYTES} bytes`),
  UnsupportedMediaType: errorResponse('UNSUPPORTED_MEDIA_TYPE: body is not application/json'),
  Internal: errorResponse('INTERNAL: unexpected error (no details)'),
  Unavailable: errorResponse('UNAVAILABLE: a backing service is unreachable'),
};

const serverErrors: Json = { '500': problem('Internal'), '503': problem('Unavailable') };
const bodyErrors: Json = {
  '400': problem('ValidationFailed'),
  '413': problem('PayloadTooLarge'),
  '415': problem('UnsupportedMediaType'),
};
const adminErrors: Json = { '401': problem('Unauthorized'), '403': problem('Forbidden') };
const requestBody = (name: string): Json => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const queryParameter = (name: string, schema: Json, description: string): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Concert service cards',
    version: '0.1.0',
    description:
      'Concert service cards computed from the server clock. Live changes arrive over Socket.IO ' +
      '(namespace /concerts); this API gives snapshots, server time, admin and operations endpoints. ' +
      'Every error is {"error": {code, message, details?}} without a stack trace.',
  },
  servers: [{ url: '/' }],
  tags: [{ name: 'cards' }, { name: 'admin' }, { name: 'operations' }],
  paths: {
    '/api/concerts/search': {
      get: {
        operationId: 'searchCards',
        tags: ['cards'],
        summary: 'A page of cards, with server time, realtime mode and stream position',
        parameters: [
          queryParameter('keyword', { type: 'string', maxLength: FILTER_MAX }, 'Matches title, artist or entertainment name (case-insensitive); empty means none'),
          queryParameter('artistName', { type: 'string', maxLength: FILTER_MAX }, 'Exact artist name, case-insensitive'),
          queryParameter('entertainmentName', { type: 'string', maxLength: FILTER_MAX }, 'Exact entertainment name, case-insensitive'),
          queryParameter('page', { type: 'integer', minimum: 0, maximum: PAGE_MAX, default: 0 }, 'Zero-based page'),
          queryParameter('size', { type: 'integer', minimum: 1, maximum: SIZE_MAX, default: 20 }, 'Page size'),
          queryParameter(
            'sort',
            { type: 'string', pattern: `^(${SORT_FIELDS.join('|')})(,(asc|desc))?$`, default: 'id,asc' },
            '`field,direction`; direction defaults to asc',
          ),
        ],
        responses: {
          '200': json(ref('SearchResponse'), 'The page'),
          '400': problem('ValidationFailed'),
          ...serverErrors,
        },
      },
    },
    '/api/concerts/{id}/card': {
      get: {
        operationId: 'getCard',
        tags: ['cards'],
        summary: 'One card',
        parameters: [concertIdParameter],
        responses: {
          '200': json(ref('CardResponse'), 'The card'),
          '400': problem('ValidationFailed'),
          '404': problem('ConcertNotFound'),
          ...serverErrors,
        },
      },
    },
    '/api/concerts/{id}/reservations': {
      post: {
        operationId: 'reserveSeats',
        tags: ['cards'],
        summary: 'Take seats from inventory atomically (stand-in for the reservation system)',
        parameters: [concertIdParameter],
        requestBody: requestBody('ReservationInput'),
        responses: {
          '201': json(ref('CardEnvelope'), 'Seats taken; the card after the change'),
          ...bodyErrors,
          '404': problem('ConcertNotFound'),
          '409': problem('Conflict'),
          ...serverErrors,
        },
      },
    },
    '/api/concerts/highlights': {
      get: {
        operationId: 'getHighlights',
        tags: ['cards'],
        summary: 'Sales opening soon and open sales at risk of selling out',
        parameters: [
          { name: 'openingSoonLimit', in: 'query', required: false, schema: { type: 'integer', minimum: HIGHLIGHT_LIMIT_MIN, maximum: HIGHLIGHT_LIMIT_MAX, default: HIGHLIGHT_LIMIT_DEFAULT } },
          { name: 'sellOutRiskLimit', in: 'query', required: false, schema: { type: 'integer', minimum: HIGHLIGHT_LIMIT_MIN, maximum: HIGHLIGHT_LIMIT_MAX, default: HIGHLIGHT_LIMIT_DEFAULT } },
        ],
        responses: { '200': json(ref('HighlightsResponse'), 'Highlights'), '400': problem('ValidationFailed'), ...serverErrors },
      },
    },
    '/api/time': {
      get: {
        operationId: 'getServerTime',
        tags: ['cards'],
        summary: 'Server clock sample',
        responses: { '200': json(ref('ServerTime'), 'Server time') },
      },
    },
    '/api/admin/concerts': {
      post: {
        operationId: 'createConcert',
        tags: ['admin'],
        security: adminSecurity,
        requestBody: requestBody('ConcertInput'),
        responses: {
          '201': json(ref('CardEnvelope'), 'Created; the new card'),
          ...bodyErrors,
          ...adminErrors,
          ...serverErrors,
        },
      },
    },
    '/api/admin/concerts/{id}': {
      put: {
        operationId: 'updateConcert',
        tags: ['admin'],
        security: adminSecurity,
        parameters: [concertIdParameter],
        requestBody: requestBody('ConcertPatch'),
        responses: {
          '200': json(ref('CardEnvelope'), 'Updated; the card after the change'),
          ...bodyErrors,
          ...adminErrors,
          '404': problem('ConcertNotFound'),
          ...serverErrors,
        },
      },
      delete: {
        operationId: 'deleteConcert',
        tags: ['admin'],
        security: adminSecurity,
        parameters: [concertIdParameter],
        responses: {
          '204': { description: 'Deleted' },
          '400': problem('ValidationFailed'),
          ...adminErrors,
          '404': problem('ConcertNotFound'),
          ...serverErrors,
        },
      },
    },
    '/api/admin/realtime': {
      put: {
        operationId: 'changeRealtimeSettings',
        tags: ['admin'],
        security: adminSecurity,
        summary: 'Switch the live mode for every instance and every connected client',
        requestBody: requestBody('RealtimeSettings'),
        responses: {
          '200': json(ref('RealtimeSettingsResponse'), 'The settings now in force'),
          ...bodyErrors,
          ...adminErrors,
          ...serverErrors,
        },
      },
    },
    '/health/live': {
      get: {
        operationId: 'liveness',
        tags: ['operations'],
        responses: { '200': json(ref('Liveness'), 'Up'), '503': json(ref('Liveness'), 'Down') },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'readiness',
        tags: ['operations'],
        summary: 'Ready when the database, Redis (when configured) and the scheduler answer',
        responses: { '200': json(ref('Readiness'), 'Ready'), '503': json(ref('Readiness'), 'Not ready') },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        tags: ['operations'],
        responses: {
          '200': { description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags: ['operations'],
        responses: { '200': json({ type: 'object' }, 'This document') },
      },
    },
  },
  components: {
    schemas,
    responses,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } },
  },
} as const;
