// Checks real HTTP answers against the OpenAPI document with an independent OpenAPI validator,
// openapi-backend: it resolves the document's $refs itself, routes a request to its operation by
// method and path, and validates a body against the response documented for its status. Held to
// what the document promises: the status must be documented (the library lets an undocumented one
// pass), the content type must be a documented one, and every `format` is checked (ajv-formats on
// JSON Schema 2020-12, the dialect of OpenAPI 3.1; the library's own Ajv checks none).

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { dereference } from '@readme/openapi-parser';
import { OpenAPIBackend, type Document, type Operation } from 'openapi-backend';
import { openApiDocument } from '../../src/adapters/http/openapi.js';

// ajv-formats is CommonJS: under nodenext the default import is module.exports, the plugin is `.default`.
const addFormats = addFormatsModule.default;

type Json = Record<string, unknown>;

// Dereferenced by the 3.1-aware parser openapi.test.ts validates the document with: the library's
// quick (synchronous) dereferencing leaves `#/components/responses/...` references in place.
const definition = (await dereference(structuredClone(openApiDocument) as never)) as unknown as Document;

const api = new OpenAPIBackend({
  definition,
  ignoreTrailingSlashes: false, // the router is strict: /metrics/ is not /metrics
  // Skips the library's own check of the document, which knows OpenAPI 3.0 only (it refuses 3.1's
  // `type: [x, "null"]`); openapi.test.ts validates the document with a 3.1-aware parser.
  quick: true,
  customizeAjv: () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    return ajv as never;
  },
});
await api.init();

/** Every component schema compiled in ajv's strict mode (throws on an invalid one): the document's own quality. */
export function compileComponentSchemas(): string[] {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  // The whole document is registered so `#/components/schemas/X` refs resolve; only the OpenAPI
  // keywords that hold no schema are declared, the schemas themselves stay under strict mode.
  ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'webhooks', 'security']);
  ajv.addSchema(openApiDocument as object, 'openapi.json');
  const names = Object.keys(openApiDocument.components.schemas);
  for (const name of names) ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` }) as ValidateFunction;
  return names;
}

/** Accepts OpenAPI (`/api/concerts/{id}/card`) or Koa (`/api/concerts/:id/card`) templates. */
function operationFor(method: string, pathTemplate: string): Operation {
  const path = pathTemplate.replace(/:([A-Za-z_]\w*)/g, '{$1}');
  const operation = api.getOperations().find((op) => op.path === path && op.method === method.toLowerCase());
  if (!operation) throw new Error(`the OpenAPI document has no operation ${method.toUpperCase()} ${path}`);
  return operation;
}

function documentedResponse(operation: Operation, status: number): Json {
  const response = (operation.responses as Record<string, Json | undefined> | undefined)?.[String(status)];
  if (!response) throw new Error(`${operation.method.toUpperCase()} ${operation.path} documents no ${status} response`);
  return response;
}

function validateJson(operation: Operation, status: number, body: unknown): void {
  const result = api.validateResponse(body, operation, status);
  if (!result.valid) {
    const problems = (result.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ');
    throw new Error(`${operation.method.toUpperCase()} ${operation.path} ${status} body does not match the OpenAPI schema: ${problems}`);
  }
}

/** Throws with every schema violation listed when `body` does not match the documented response. */
export function assertMatchesOpenApi(method: string, pathTemplate: string, status: number, body: unknown): void {
  const operation = operationFor(method, pathTemplate);
  const response = documentedResponse(operation, status);
  if (!(response.content as Json | undefined)?.['application/json']) throw new Error(`${method} ${pathTemplate} ${status} documents no JSON body`);
  validateJson(operation, status, body);
}

export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

/**
 * Checks a real answer to `method url` as a client reading the document would: routed to its
 * operation by the validator, a documented status, a documented content type, and a body that
 * matches. Returns the operation and status it checked, for coverage.
 */
export function assertAnswerMatchesOpenApi(method: string, url: string, answer: Answer): { operationId: string; status: number } {
  const { pathname, search } = new URL(url, 'http://service.invalid');
  const operation = api.matchOperation({ method, path: pathname, query: search.slice(1), headers: {} });
  if (!operation) throw new Error(`the OpenAPI document has no operation for ${method} ${pathname}`);
  const what = `${method} ${pathname} -> ${answer.status}`;
  const response = documentedResponse(operation, answer.status);
  const content = response.content as Json | undefined;
  if (content === undefined) {
    if (answer.body !== '') throw new Error(`${what}: the document promises no body, the answer has one`);
  } else {
    const mediaType = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(mediaType in content)) throw new Error(`${what}: content type ${answer.contentType} is not one of ${Object.keys(content).join(', ')}`);
    if (mediaType === 'application/json') validateJson(operation, answer.status, JSON.parse(answer.body) as unknown);
  }
  return { operationId: operation.operationId as string, status: answer.status };
}

/** The operationId of every operation in the document. */
export function documentedOperations(): string[] {
  return api.getOperations().map((op) => op.operationId as string);
}

/** Whether the document lets a client send this request (parameters and JSON body), by the same validator. */
export function requestMatchesOpenApi(method: string, url: string, body?: unknown): boolean {
  const { pathname, search } = new URL(url, 'http://service.invalid');
  const request = { method, path: pathname, query: search.slice(1), headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) };
  const operation = api.matchOperation(request);
  if (!operation) throw new Error(`the OpenAPI document has no operation for ${method} ${pathname}`);
  return api.validateRequest(request, operation).valid;
}
