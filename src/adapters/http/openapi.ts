// The OpenAPI 3.1 description of this adapter's endpoints, served at `GET /openapi.json`: the
// response bodies are the published wire schemas (src/contract, generated from the one zod
// definition), the operations are in openapi-paths.ts, what clients send in openapi-inputs.ts, the
// error envelope in openapi-errors.ts. Inputs and parameters are built from the same limits and
// enums the validators use, so the document and the code cannot drift on a number; test/http
// checks the document and real responses against it.

import { wireJsonSchemas } from '../../contract/wire-documents.js';
import { errorResponses, errorSchemas } from './openapi-errors.js';
import { inputSchemas } from './openapi-inputs.js';
import { paths } from './openapi-paths.js';
import type { Json } from './openapi-refs.js';

const schemas: Record<string, Json> = {
  ...wireJsonSchemas('draft-2020-12', '#/components/schemas/', [
    'Card',
    'ServerTime',
    'SearchResponse',
    'CardResponse',
    'CardEnvelope',
    'HighlightsResponse',
    'RealtimeSettingsResponse',
    'RealtimeSettingsStatus',
  ]),
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
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' } },
  },
} as const;
