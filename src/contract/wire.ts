// The published wire contract (CONTRACT.md): every HTTP response body and Socket.IO payload a
// client reads, defined once as a zod schema. The TypeScript types are inferred from the schemas;
// the OpenAPI and AsyncAPI documents are generated from them (wire-documents.ts); the server
// projects its cards through them (wire-projection.ts). Adding a card field here is the one edit
// the wire needs. zod is the only import, so the browser client can import these types type-only.

import { z } from 'zod';
import { PROTOCOL_VERSION } from './protocol.js';

export const SALE_STATUSES = ['UNSCHEDULED', 'PREOPEN', 'OPEN_SOON_1H', 'OPEN_SOON_5M', 'OPEN', 'SOLD_OUT'] as const;
export const REALTIME_MODES = ['websocket', 'hybrid', 'polling'] as const;
export const REFRESH_REASONS = [
  'SALE_STATUS_TRANSITION',
  'INVENTORY_CHANGED',
  'CONCERT_UPDATED',
  'CONCERT_REMOVED',
  'REALTIME_MODE_CHANGED',
  'CATALOGUE_CHANGED',
] as const;
/** What a catalogue notice says changed about the concerts it names (a view decides from it whether to re-read). */
export const CATALOGUE_FIELDS = ['created', 'removed', 'title', 'artistName', 'entertainmentName', 'saleOpensAt', 'saleStatus'] as const;
/** Most ids one `cards:watch` may name. */
export const WATCH_IDS_MAX = 500;
/** The hybrid (and polling) snapshot interval a deployment may choose, in ms. */
export const POLL_INTERVAL_RANGE = { min: 1_000, max: 3_600_000 } as const;
/** Largest page `GET /api/concerts/search` serves. */
export const SEARCH_PAGE_SIZE_MAX = 100;

const saleStatus = z.enum(SALE_STATUSES).meta({ id: 'SaleStatus' });
const realtimeMode = z.enum(REALTIME_MODES).meta({ id: 'RealtimeMode' });
const seq = z.int().min(0).describe('Live stream sequence (one database sequence).');
const epoch = z
  .string()
  .min(1)
  .describe('The history of the stream this seq belongs to; a different epoch means seqs cannot be compared: read the snapshot.');
const protocolVersion = z
  .int()
  .min(1)
  .describe(`The wire protocol version this answer is written in (${PROTOCOL_VERSION} here); a client that does not speak it must not read on.`);
const instant = z.iso.datetime({ precision: 3 });
const countryCode = z.string().regex(/^[A-Z]{2}$/).nullable().describe('ISO 3166-1 alpha-2');

export const nextChangeSchema = z
  .strictObject({
    at: instant.describe('The boundary instant, ISO-8601 UTC with milliseconds.'),
    atEpochMs: z.int().describe('The same instant in epoch milliseconds.'),
    saleStatus,
    reservationButtonVisible: z.boolean(),
    reservationButtonEnabled: z.boolean(),
  })
  .meta({
    id: 'NextChange',
    description:
      "The card's next time-driven change: the status and buttons it will have at `at`, given today's seats. Apply it at `at` plus the uncertainty of the server-clock estimate; it is provisional until an event or snapshot with a version at least as new arrives.",
  });

export const cardSchema = z
  .strictObject({
    id: z.int().min(1),
    title: z.string(),
    artistName: z.string(),
    artistDisplayName: z.string().nullable(),
    artistGenre: z.string().nullable(),
    artistDebutDate: z.iso.date().nullable().describe('YYYY-MM-DD'),
    entertainmentName: z.string().nullable(),
    entertainmentCountryCode: countryCode,
    entertainmentHomepageUrl: z.url().nullable(),
    promoterName: z.string().nullable(),
    promoterCountryCode: countryCode,
    promoterHomepageUrl: z.url().nullable(),
    thumbnailUrl: z.url().nullable(),
    youtubeVideoUrl: z.url().nullable(),
    saleStatus,
    saleOpensAt: instant.nullable().describe('ISO-8601 UTC instant with milliseconds; null when unscheduled.'),
    saleOpensInSeconds: z
      .int()
      .min(0)
      .nullable()
      .describe('ceil((saleOpensAt - serverNow) / 1000) when the card was computed; 0 once open; null when unscheduled.'),
    reservationButtonVisible: z.boolean(),
    reservationButtonEnabled: z.boolean(),
    availableSeatCount: z.int().min(0),
    totalSeatCount: z.int().min(0),
    remainingRate: z.number().min(0).max(1).nullable().describe('available / total, 4 decimals; null when total is 0.'),
    nextChange: nextChangeSchema.nullable().describe('Null when no time boundary is left (UNSCHEDULED, OPEN, SOLD_OUT).'),
    version: z.int().min(1).describe('Grows with every visible change; keep the highest per card id.'),
  })
  .meta({ id: 'Card', description: 'A concert service card at a server instant (CONTRACT.md "Card"). Optional metadata is null, never missing.' });

const serverTimeShape = {
  serverNow: instant.describe('Server instant, ISO-8601 UTC with milliseconds.'),
  serverNowEpochMs: z.int().describe('The same instant in epoch milliseconds.'),
};
const settingsShape = {
  realtimeMode,
  hybridPollIntervalMillis: z.int().min(POLL_INTERVAL_RANGE.min).max(POLL_INTERVAL_RANGE.max),
};

export const serverTimeSchema = z.strictObject(serverTimeShape).meta({ id: 'ServerTime' });
export const realtimeSettingsSchema = z.strictObject(settingsShape).meta({ id: 'RealtimeSettingsResponse' });
export const realtimeSettingsStatusSchema = z
  .strictObject({
    ...settingsShape,
    source: z.enum(['configuration', 'admin']).describe('configuration: REALTIME_MODE at a deploy that changed it; admin: PUT /api/admin/realtime since then.'),
    changedAt: instant.describe('When these settings came into force (the server clock), ISO-8601 UTC with milliseconds.'),
    changedAtEpochMs: z.int().describe('The same instant in epoch milliseconds.'),
    configured: z.strictObject(settingsShape).nullable().describe('What configuration said when it last took effect; null when it never has.'),
  })
  .meta({ id: 'RealtimeSettingsStatus' });

export const searchResponseSchema = z
  .strictObject({
    items: z.array(cardSchema),
    page: z.int().min(0),
    size: z.int().min(1).max(SEARCH_PAGE_SIZE_MAX),
    totalElements: z.int().min(0),
    totalPages: z.int().min(0),
    hasNext: z.boolean(),
    ...serverTimeShape,
    ...settingsShape,
    seq: seq.describe('Latest live-stream sequence at the snapshot.'),
    epoch,
    protocolVersion,
  })
  .meta({ id: 'SearchResponse' });

export const cardResponseSchema = z.strictObject({ card: cardSchema, ...serverTimeShape, seq, epoch, protocolVersion }).meta({ id: 'CardResponse' });

export const cardEnvelopeSchema = z.strictObject({ card: cardSchema }).meta({ id: 'CardEnvelope' });

export const highlightsResponseSchema = z
  .strictObject({
    openingSoon: z.array(cardSchema).describe('Not yet open, opening within 12 h, soonest first.'),
    sellOutRisk: z
      .array(cardSchema)
      .describe('Open with at most 30 seats or 18 % left, fewest first; when none qualify, the open ones with the fewest seats left.'),
    ...serverTimeShape,
    ...settingsShape,
    seq,
    epoch,
    protocolVersion,
  })
  .meta({ id: 'HighlightsResponse' });

export const refreshEventSchema = z
  .strictObject({
    event: z.literal('CONCERTS_REFRESH'),
    seq,
    reason: z.enum(REFRESH_REASONS),
    items: z.array(cardSchema).describe('The cards that changed, full state each (for a watching socket, the watched ones).'),
    removedIds: z.array(z.int().min(1)),
    changedIds: z
      .array(z.int().min(1))
      .describe('CATALOGUE_CHANGED only (else empty): concerts created, removed, or whose searchable, sortable or status fields changed.'),
    changedFields: z.array(z.enum(CATALOGUE_FIELDS)).describe('CATALOGUE_CHANGED only (else empty): what changed about changedIds.'),
    epoch,
    ...serverTimeShape,
    ...settingsShape,
    instanceId: z.string().describe('The instance that sent this event to the socket (the one it is connected to).'),
  })
  .meta({ id: 'ConcertsRefresh' });

export const heartbeatEventSchema = z
  .strictObject({
    seq: seq.describe('This instance has sent this socket every event up to this seq that concerns its watch set.'),
    epoch,
    ...serverTimeShape,
    ...settingsShape,
  })
  .meta({ id: 'ConcertsHeartbeat' });

export const timeSyncRequestSchema = z
  .number()
  .describe("The client's local clock when it sent the request (epoch ms); the only argument of the event.")
  .meta({ id: 'TimeSyncRequest' });

export const timeSyncAckSchema = z
  .strictObject({ serverNowEpochMs: z.int(), clientSentAtMs: z.number().describe('Echo of the request argument.') })
  .meta({ id: 'TimeSyncAck' });

export const watchRequestSchema = z
  .union([
    z.strictObject({
      ids: z.array(z.int().min(1)).max(WATCH_IDS_MAX),
      afterSeq: z.int().min(0).optional(),
      epoch: z.string().min(1).optional(),
    }),
    z.strictObject({ all: z.literal(true), afterSeq: z.int().min(0).optional(), epoch: z.string().min(1).optional() }),
  ])
  .describe(
    'The cards this socket wants (a socket starts watching all). With afterSeq (and the epoch it came with) the server first sends, in order, every event after it that concerns the watch set.',
  )
  .meta({ id: 'WatchRequest' });

export const watchAckSchema = z
  .union([
    z.strictObject({
      watching: z.union([z.array(z.int().min(1)), z.literal('all')]),
      replayed: z.int().min(0).optional().describe('With afterSeq: how many events were sent before the live stream.'),
      resyncRequired: z.literal(true).optional().describe('With afterSeq: the position is too old or of another epoch; read the snapshot.'),
    }),
    z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) }),
  ])
  .meta({ id: 'WatchAck' });

export type SaleStatus = z.infer<typeof saleStatus>;
export type RealtimeMode = z.infer<typeof realtimeMode>;
export type RefreshReason = (typeof REFRESH_REASONS)[number];
export type CardJson = z.infer<typeof cardSchema>;
export type ServerTime = z.infer<typeof serverTimeSchema>;
export type RealtimeSettingsJson = z.infer<typeof realtimeSettingsSchema>;
export type RealtimeSettingsStatusJson = z.infer<typeof realtimeSettingsStatusSchema>;
export type SearchResponse = z.infer<typeof searchResponseSchema>;
export type CardResponse = z.infer<typeof cardResponseSchema>;
export type CardEnvelope = z.infer<typeof cardEnvelopeSchema>;
export type HighlightsResponse = z.infer<typeof highlightsResponseSchema>;
export type RefreshEvent = z.infer<typeof refreshEventSchema>;
export type HeartbeatEvent = z.infer<typeof heartbeatEventSchema>;
export type TimeSyncAck = z.infer<typeof timeSyncAckSchema>;
export type NextChangeJson = z.infer<typeof nextChangeSchema>;
export type CatalogueField = (typeof CATALOGUE_FIELDS)[number];
export type WatchRequest = z.infer<typeof watchRequestSchema>;
export type WatchAck = z.infer<typeof watchAckSchema>;

export interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

/** Socket.IO namespace `/concerts`; server events `CONCERTS_REFRESH` and `CONCERTS_HEARTBEAT`; `time:sync` and `cards:watch` with ack. */
export interface LiveEvents {
  CONCERTS_REFRESH: (event: RefreshEvent) => void;
  CONCERTS_HEARTBEAT: (event: HeartbeatEvent) => void;
}

export interface LiveRequests {
  'time:sync': (clientSentAtMs: number, ack: (reply: TimeSyncAck) => void) => void;
  'cards:watch': (request: WatchRequest, ack: (reply: WatchAck) => void) => void;
}
