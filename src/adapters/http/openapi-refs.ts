// The few shapes the OpenAPI modules build everything from: a schema or response reference, a
// nullable type, and a JSON response. Kept apart so the document's parts can share them without
// importing one another.

export type Json = { [key: string]: unknown };

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
export const nullable = (type: string, extra: Json = {}): Json => ({ type: [type, 'null'], ...extra });
export const json = (schema: Json, description: string): Json => ({
  description,
  content: { 'application/json': { schema } },
});
export const problem = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
