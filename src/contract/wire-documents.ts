// The wire schemas as JSON Schema, for the published documents: OpenAPI 3.1 (JSON Schema 2020-12)
// and AsyncAPI 3 (draft-07). Generated from the zod definitions in wire.ts, so a payload the
// documents describe is by construction the payload the types describe.

import { z } from 'zod';
import './wire.js';

export type JsonSchema = Record<string, unknown>;

/** The ids wire.ts gives its schemas (`.meta({ id })`). */
export type WireSchemaId =
  | 'Card'
  | 'SaleStatus'
  | 'RealtimeMode'
  | 'ServerTime'
  | 'RealtimeSettingsResponse'
  | 'RealtimeSettingsStatus'
  | 'SearchResponse'
  | 'CardResponse'
  | 'CardEnvelope'
  | 'HighlightsResponse'
  | 'ConcertsRefresh'
  | 'ConcertsHeartbeat'
  | 'TimeSyncRequest'
  | 'TimeSyncAck'
  | 'NextChange'
  | 'WatchRequest'
  | 'WatchAck';

/**
 * The schemas named `ids`, and every wire schema they refer to, keyed by id, with references
 * written as `${refBase}${id}`: ready to be a document's `components.schemas`.
 */
export function wireJsonSchemas(target: 'draft-2020-12' | 'draft-7', refBase: string, ids: readonly WireSchemaId[]): Record<string, JsonSchema> {
  const all = z.toJSONSchema(z.globalRegistry, { target, uri: (id) => `${refBase}${id}`, unrepresentable: 'throw' }).schemas;
  const out: Record<string, JsonSchema> = {};
  const pending: string[] = [...ids];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (id in out) continue;
    const schema = all[id];
    if (schema === undefined) throw new Error(`no wire schema has the id ${id}`);
    const { $schema: _dialect, $id: _id, ...body } = schema as JsonSchema;
    out[id] = body;
    for (const match of JSON.stringify(body).matchAll(/"\$ref":"([^"]+)"/g)) pending.push(String(match[1]).slice(refBase.length));
  }
  return out;
}
