// The error part of the OpenAPI document: the one envelope every error shares, the named
// responses operations refer to, and the groups of them that routes of one kind can answer.

import { DEFAULT_BODY_LIMIT_BYTES } from './middleware/json-body.js';
import { json, problem, ref, type Json } from './openapi-refs.js';

export const ERROR_CODES = [
  'VALIDATION_FAILED', 'MALFORMED_JSON', 'UNSUPPORTED_CHARSET', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONCERT_NOT_FOUND',
  'METHOD_NOT_ALLOWED', 'SALE_NOT_OPEN', 'SEATS_UNAVAILABLE', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_IMPLEMENTED',
  'MALFORMED_REQUEST', 'INTERNAL', 'UNAVAILABLE', 'UNSUPPORTED_PROTOCOL_VERSION',
] as const;

export const errorSchemas: Record<string, Json> = {
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
          code: { type: 'string', description: ERROR_CODES.join(', ') },
          message: { type: 'string' },
          details: {
            description:
              'VALIDATION_FAILED: the offending fields; SEATS_UNAVAILABLE: {requested, available}; ' +
              'UNSUPPORTED_PROTOCOL_VERSION: {requested, supported}',
            anyOf: [{ type: 'array', items: ref('FieldProblem') }, { type: 'object' }],
          },
        },
      },
    },
  },
};

const errorResponse = (description: string): Json => json(ref('Error'), description);

export const errorResponses: Record<string, Json> = {
  ValidationFailed: errorResponse(
    'VALIDATION_FAILED (names the field or parameter: out of range, not UTF-8, a lone surrogate, ...), ' +
      'MALFORMED_JSON (missing, not JSON, or not UTF-8), UNSUPPORTED_CHARSET (a charset other than utf-8) or, on the ' +
      'snapshot reads, UNSUPPORTED_PROTOCOL_VERSION (a protocolVersion this server does not serve; details {requested, supported})',
  ),
  Unauthorized: errorResponse('UNAUTHORIZED: no bearer token'),
  Forbidden: errorResponse('FORBIDDEN: wrong bearer token'),
  ConcertNotFound: errorResponse('CONCERT_NOT_FOUND'),
  Conflict: errorResponse('SALE_NOT_OPEN or SEATS_UNAVAILABLE (details {requested, available})'),
  PayloadTooLarge: errorResponse(`PAYLOAD_TOO_LARGE: body over ${DEFAULT_BODY_LIMIT_BYTES} bytes`),
  UnsupportedMediaType: errorResponse('UNSUPPORTED_MEDIA_TYPE: body is not application/json, or is compressed'),
  Internal: errorResponse('INTERNAL: unexpected error (no details)'),
  Unavailable: errorResponse('UNAVAILABLE: a backing service is unreachable, or the database gave up on a lock or statement (its timeouts); nothing was committed, retry'),
  KeyReused: errorResponse('IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was first sent with another concert or quantity'),
  RateLimited: {
    ...errorResponse('RATE_LIMITED: too many requests (or failed admin authentications) from this client; details {retryAfterSeconds}'),
    headers: { 'Retry-After': { description: 'Seconds until the client may try again', schema: { type: 'integer', minimum: 1 } } },
  },
};

export const serverErrors: Json = { '500': problem('Internal'), '503': problem('Unavailable') };
export const bodyErrors: Json = {
  '400': problem('ValidationFailed'),
  '413': problem('PayloadTooLarge'),
  '415': problem('UnsupportedMediaType'),
};
export const adminErrors: Json = { '401': problem('Unauthorized'), '403': problem('Forbidden'), '429': problem('RateLimited') };
