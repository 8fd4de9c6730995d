// The operations of the OpenAPI document: every route the HTTP adapter serves, with the
// parameters, bodies and answers it has. test/http/openapi.test.ts checks this list against the
// router, and openapi-conformance.test.ts real answers against it.

import { adminErrors, bodyErrors, serverErrors } from './openapi-errors.js';
import { concertIdParameter, highlightsParameters, protocolVersionParameter, requestBody, searchParameters } from './openapi-inputs.js';
import { json, problem, ref, type Json } from './openapi-refs.js';

const adminSecurity = [{ bearerAuth: [] }];

export const paths: Record<string, Json> = {
  '/api/concerts/search': {
    get: {
      operationId: 'searchCards',
      tags: ['cards'],
      summary: 'A page of cards, with server time, realtime mode and stream position',
      parameters: searchParameters,
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
      parameters: [concertIdParameter, protocolVersionParameter],
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
      description:
        'With an Idempotency-Key, the first answer (201 or 409) is stored with the reservation in one transaction and given again, with `Idempotent-Replayed: true`, to every request with that key and the same concert and quantity for IDEMPOTENCY_KEY_RETENTION_MS; the same key with another concert or quantity is 422. A 503 stores nothing: the retry runs afresh. Each client (by address) may make RESERVATION_RATE_LIMIT_PER_MINUTE requests a minute; beyond, 429 with Retry-After.',
      parameters: [
        concertIdParameter,
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A client-chosen key for this request (a UUID): 1 to 255 visible ASCII characters',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
        },
      ],
      requestBody: requestBody('ReservationInput'),
      responses: {
        '201': {
          ...json(ref('CardEnvelope'), 'Seats taken; the card after the change (for a replay, as it was then)'),
          headers: { 'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same key', schema: { type: 'string', enum: ['true'] } } },
        },
        ...bodyErrors,
        '404': problem('ConcertNotFound'),
        '409': problem('Conflict'),
        '422': problem('KeyReused'),
        '429': problem('RateLimited'),
        ...serverErrors,
      },
    },
  },
  '/api/concerts/highlights': {
    get: {
      operationId: 'getHighlights',
      tags: ['cards'],
      summary: 'Sales opening soon and open sales at risk of selling out',
      parameters: highlightsParameters,
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
    get: {
      operationId: 'getRealtimeSettings',
      tags: ['admin'],
      security: adminSecurity,
      summary: 'The realtime settings in force, where they came from (configuration or admin) and since when',
      responses: {
        '200': json(ref('RealtimeSettingsStatus'), 'The settings in force and their origin'),
        ...adminErrors,
        ...serverErrors,
      },
    },
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
      description:
        'Served on this port only when METRICS_TOKEN is set, behind `Authorization: Bearer <METRICS_TOKEN>`; otherwise a 404 here, and the metrics are on their own listener (METRICS_PORT, default 9464), which serves GET /metrics alone.',
      security: [{ metricsToken: [] }],
      responses: {
        '200': { description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } },
        '401': problem('Unauthorized'),
        '403': problem('Forbidden'),
        '500': problem('Internal'),
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
  '/asyncapi.json': {
    get: {
      operationId: 'asyncApiDocument',
      tags: ['operations'],
      summary: 'The AsyncAPI 3 description of the Socket.IO namespace /concerts (events, payloads, guarantees)',
      responses: {
        '200': json({ type: 'object', required: ['asyncapi'], properties: { asyncapi: { type: 'string', pattern: '^3\\.' } } }, 'The AsyncAPI document'),
      },
    },
  },
};
