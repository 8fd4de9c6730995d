// Checks a real HTTP response body against the response schema the OpenAPI document gives for
// that operation and status, so end-to-end tests prove the wire and the document agree.

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../src/adapters/http/openapi.js';

// ajv-formats is CommonJS: under nodenext the default import is module.exports, the plugin is `.default`.
const addFormats = addFormatsModule.default;

const DOCUMENT_ID = 'openapi.json';

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);
// The whole document is registered so `#/components/schemas/X` refs resolve; only the OpenAPI
// keywords that hold no schema are declared, the schemas themselves stay under strict mode.
ajv.addVocabulary(['openapi', 'info', 'servers', 'tags', 'paths', 'components', 'webhooks', 'security']);
ajv.addSchema(openApiDocument as object, DOCUMENT_ID);

const validators = new Map<string, ValidateFunction>();

type Json = Record<string, unknown>;

/** Every component schema, compiled (throws on an invalid one). */
export function compileComponentSchemas(): string[] {
  const names = Object.keys(openApiDocument.components.schemas);
  for (const name of names) ajv.compile({ $ref: `${DOCUMENT_ID}#/components/schemas/${name}` });
  return names;
}

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

/** Accepts OpenAPI (`/api/concerts/{id}/card`) or Koa (`/api/concerts/:id/card`) templates. */
function openApiPath(template: string): string {
  return template.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

function validatorFor(method: string, pathTemplate: string, status: number): ValidateFunction {
  const path = openApiPath(pathTemplate);
  const verb = method.toLowerCase();
  const key = `${verb} ${path} ${status}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const paths = openApiDocument.paths as unknown as Record<string, Record<string, Json> | undefined>;
  const operation = paths[path]?.[verb];
  if (!operation) throw new Error(`the OpenAPI document has no operation ${verb.toUpperCase()} ${path}`);
  let response = (operation.responses as Record<string, Json | undefined>)[String(status)];
  if (!response) throw new Error(`${verb.toUpperCase()} ${path} documents no ${status} response`);
  let location = `#/${pointer('paths', path, verb, 'responses', String(status))}`;
  const responseRef = response.$ref;
  if (typeof responseRef === 'string') {
    const name = responseRef.replace('#/components/responses/', '');
    response = (openApiDocument.components.responses as Record<string, Json>)[name];
    if (!response) throw new Error(`unresolved response ${responseRef}`);
    location = `#/${pointer('components', 'responses', name)}`;
  }
  const content = response.content as Record<string, unknown> | undefined;
  if (!content?.['application/json']) {
    throw new Error(`${verb.toUpperCase()} ${path} ${status} documents no JSON body`);
  }
  const validate = ajv.compile({ $ref: `${DOCUMENT_ID}${location}/${pointer('content', 'application/json', 'schema')}` });
  validators.set(key, validate);
  return validate;
}

/** Throws with every schema violation listed when `body` does not match the documented response. */
export function assertMatchesOpenApi(method: string, pathTemplate: string, status: number, body: unknown): void {
  const validate = validatorFor(method, pathTemplate, status);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ');
    throw new Error(`${method.toUpperCase()} ${pathTemplate} ${status} body does not match the OpenAPI schema: ${problems}`);
  }
}
