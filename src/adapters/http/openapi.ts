// The OpenAPI 3.1 description of this adapter's endpoints, served at `GET /openapi.json`: the
// response schemas here, the operations in openapi-paths.ts, what clients send in
// openapi-inputs.ts, the error envelope in openapi-errors.ts. Built from the same limits and enums
// the validators use, so the document and the code cannot drift on a number; test/http checks the
// document and real responses against it.

import { SALE_STATUSES } from '../../domain/card/sale-status.js';
import { POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS, REALTIME_MODES } from '../../domain/realtime/realtime-mode.js';
import { SIZE_MAX } from './validation/search-query.js';
import { errorResponses, errorSchemas } from './openapi-errors.js';
import { inputSchemas } from './openapi-inputs.js';
import { paths } from './openapi-paths.js';
import { nullable, ref, type Json } from './openapi-refs.js';

const nullableCountry = nullable('string', { pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });

const schemas: Record<string, Json> = {
  SaleStatus: { type: 'string', enum: [...SALE_STATUSES] },
  RealtimeMode: { type: 'string', enum: [...REALTIME_MODES] },
  Card: {
    type: 'object',
    description: 'A service card at a server instant. Optional metadata is null when absent, never missing.',
    additionalProperties: false,
    required: [
      'id', 'title', 'artistName', 'artistDisplayName', 'artistGenre', 'artistDebutDate',
      'entertainmentName', 'entertainmentCountryCode', 'entertainmentHomepageUrl', 'promoterName',
      'promoterCountryCode', 'promoterHomepageUrl', 'thumbnailUrl', 'youtubeVideoUrl', 'saleStatus',
      'saleOpensAt', 'saleOpensInSeconds', 'reservationButtonVisible', 'reservationButtonEnabled',
      'availableSeatCount', 'totalSeatCount', 'remainingRate', 'version',
    ],
    properties: {
      id: { type: 'integer', minimum: 1 },
      title: { type: 'string' },
      artistName: { type: 'string' },
      artistDisplayName: nullable('string'),
      artistGenre: nullable('string'),
      artistDebutDate: nullable('string', { format: 'date' }),
      entertainmentName: nullable('string'),
      entertainmentCountryCode: nullableCountry,
      entertainmentHomepageUrl: nullable('string', { format: 'uri' }),
      promoterName: nullable('string'),
      promoterCountryCode: nullableCountry,
      promoterHomepageUrl: nullable('string', { format: 'uri' }),
      thumbnailUrl: nullable('string', { format: 'uri' }),
      youtubeVideoUrl: nullable('string', { format: 'uri' }),
      saleStatus: ref('SaleStatus'),
      saleOpensAt: nullable('string', {
        format: 'date-time',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
        description: 'ISO-8601 UTC with milliseconds; null when unscheduled',
      }),
      saleOpensInSeconds: nullable('integer', { minimum: 0 }),
      reservationButtonVisible: { type: 'boolean' },
      reservationButtonEnabled: { type: 'boolean' },
      availableSeatCount: { type: 'integer', minimum: 0 },
      totalSeatCount: { type: 'integer', minimum: 0 },
      remainingRate: nullable('number', { minimum: 0, maximum: 1 }),
      version: { type: 'integer', minimum: 1 },
    },
  },
  ServerTime: {
    type: 'object',
    additionalProperties: false,
    required: ['serverNow', 'serverNowEpochMs'],
    properties: {
      serverNow: { type: 'string', format: 'date-time', description: 'ISO-8601 UTC with milliseconds' },
      serverNowEpochMs: { type: 'integer' },
    },
  },
  SearchResponse: {
    type: 'object',
    additionalProperties: false,
    required: [
      'items', 'page', 'size', 'totalElements', 'totalPages', 'hasNext', 'serverNow', 'serverNowEpochMs',
      'realtimeMode', 'hybridPollIntervalMillis', 'seq',
    ],
    properties: {
      items: { type: 'array', items: ref('Card') },
      page: { type: 'integer', minimum: 0 },
      size: { type: 'integer', minimum: 1, maximum: SIZE_MAX },
      totalElements: { type: 'integer', minimum: 0 },
      totalPages: { type: 'integer', minimum: 0 },
      hasNext: { type: 'boolean' },
      serverNow: { type: 'string', format: 'date-time' },
      serverNowEpochMs: { type: 'integer' },
      realtimeMode: ref('RealtimeMode'),
      hybridPollIntervalMillis: { type: 'integer', minimum: POLL_INTERVAL_MIN_MS, maximum: POLL_INTERVAL_MAX_MS },
      seq: { type: 'integer', minimum: 0, description: 'Latest live-stream sequence at the snapshot' },
    },
  },
  HighlightsResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['openingSoon', 'sellOutRisk', 'serverNow', 'serverNowEpochMs', 'realtimeMode', 'hybridPollIntervalMillis', 'seq'],
    properties: {
      openingSoon: { type: 'array', items: ref('Card'), description: 'Not yet open, opening within 12 h, soonest first' },
      sellOutRisk: {
        type: 'array',
        items: ref('Card'),
        description: 'Open with at most 30 seats or 18 % left, fewest first; when none qualify, the open ones with the fewest seats left',
      },
      serverNow: { type: 'string', format: 'date-time' },
      serverNowEpochMs: { type: 'integer' },
      realtimeMode: ref('RealtimeMode'),
      hybridPollIntervalMillis: { type: 'integer', minimum: POLL_INTERVAL_MIN_MS, maximum: POLL_INTERVAL_MAX_MS },
      seq: { type: 'integer', minimum: 0 },
    },
  },
  CardResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['card', 'serverNow', 'serverNowEpochMs', 'seq'],
    properties: {
      card: ref('Card'),
      serverNow: { type: 'string', format: 'date-time' },
      serverNowEpochMs: { type: 'integer' },
      seq: { type: 'integer', minimum: 0 },
    },
  },
  CardEnvelope: {
    type: 'object',
    additionalProperties: false,
    required: ['card'],
    properties: { card: ref('Card') },
  },
  RealtimeSettingsResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['realtimeMode', 'hybridPollIntervalMillis'],
    properties: {
      realtimeMode: ref('RealtimeMode'),
      hybridPollIntervalMillis: { type: 'integer', minimum: POLL_INTERVAL_MIN_MS, maximum: POLL_INTERVAL_MAX_MS },
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
  ...inputSchemas,
  ...errorSchemas,
};

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
  paths,
  components: {
    schemas,
    responses: errorResponses,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } },
  },
} as const;
