// The published description of the live stream (CONTRACT.md "Socket.IO") as an AsyncAPI 3.0
// document, served at /asyncapi.json. Event names and enums come from the same constants the
// gateway and the domain use, so the document cannot name an event the code does not emit.
// test/realtime/asyncapi.test.ts validates it with @asyncapi/parser and checks real payloads
// against its schemas.

import { SALE_STATUSES } from '../../domain/card/sale-status.js';
import { LIVE_EVENT_REASONS, POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS, REALTIME_MODES } from '../../domain/realtime/realtime-mode.js';
import { HEARTBEAT_EVENT, LIVE_NAMESPACE, LIVE_TOPIC, REFRESH_EVENT, TIME_SYNC_EVENT } from './live-wire.js';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

const cardProperties = {
  id: { type: 'integer', minimum: 1 },
  title: { type: 'string' },
  artistName: { type: 'string' },
  artistDisplayName: nullable('string'),
  artistGenre: nullable('string'),
  artistDebutDate: nullable('string', { format: 'date', description: 'YYYY-MM-DD' }),
  entertainmentName: nullable('string'),
  entertainmentCountryCode: nullable('string'),
  entertainmentHomepageUrl: nullable('string', { format: 'uri' }),
  promoterName: nullable('string'),
  promoterCountryCode: nullable('string'),
  promoterHomepageUrl: nullable('string', { format: 'uri' }),
  thumbnailUrl: nullable('string', { format: 'uri' }),
  youtubeVideoUrl: nullable('string', { format: 'uri' }),
  saleStatus: { type: 'string', enum: [...SALE_STATUSES] },
  saleOpensAt: nullable('string', {
    format: 'date-time',
    description: 'ISO-8601 UTC instant with milliseconds; null when unscheduled.',
  }),
  saleOpensInSeconds: nullable('integer', {
    minimum: 0,
    description: 'ceil((saleOpensAt - serverNow) / 1000) when the card was computed; 0 once open; null when unscheduled.',
  }),
  reservationButtonVisible: { type: 'boolean' },
  reservationButtonEnabled: { type: 'boolean' },
  availableSeatCount: { type: 'integer', minimum: 0 },
  totalSeatCount: { type: 'integer', minimum: 0 },
  remainingRate: nullable('number', { minimum: 0, maximum: 1, description: 'available / total, 4 decimals; null when total is 0.' }),
  version: { type: 'integer', minimum: 1, description: 'Grows with every visible change; keep the highest per card id.' },
};

export const cardSchema = {
  type: 'object',
  description: 'A concert service card (CONTRACT.md "Card"). Optional metadata is null, never missing.',
  additionalProperties: false,
  required: Object.keys(cardProperties),
  properties: cardProperties,
};

const serverTimeProperties = {
  serverNow: { type: 'string', format: 'date-time', description: 'Server instant, ISO-8601 UTC.' },
  serverNowEpochMs: { type: 'integer', description: 'The same instant in epoch milliseconds.' },
};

const settingsProperties = {
  realtimeMode: { type: 'string', enum: [...REALTIME_MODES] },
  hybridPollIntervalMillis: { type: 'integer', minimum: POLL_INTERVAL_MIN_MS, maximum: POLL_INTERVAL_MAX_MS },
};

const seq = { type: 'integer', minimum: 0, description: 'Live stream sequence (one database sequence).' };

const refreshProperties = {
  event: { type: 'string', const: REFRESH_EVENT },
  seq,
  reason: { type: 'string', enum: [...LIVE_EVENT_REASONS] },
  items: { type: 'array', items: cardSchema, description: 'The cards that changed, full state each.' },
  removedIds: { type: 'array', items: { type: 'integer', minimum: 1 } },
  ...serverTimeProperties,
  ...settingsProperties,
  instanceId: { type: 'string', description: 'The instance that emitted the event.' },
};

export const refreshSchema = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(refreshProperties),
  properties: refreshProperties,
};

const heartbeatProperties = { seq: { ...seq, description: 'Latest committed stream sequence.' }, ...serverTimeProperties, ...settingsProperties };

export const heartbeatSchema = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(heartbeatProperties),
  properties: heartbeatProperties,
};

export const timeSyncRequestSchema = {
  type: 'number',
  description: "The client's local clock when it sent the request (epoch ms); the only argument of the event.",
};

export const timeSyncAckSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serverNowEpochMs', 'clientSentAtMs'],
  properties: {
    serverNowEpochMs: { type: 'integer' },
    clientSentAtMs: { type: 'number', description: 'Echo of the request argument.' },
  },
};

export const asyncApiDocument = {
  asyncapi: '3.0.0',
  info: {
    title: 'Concert service cards — live stream',
    version: '1.0.0',
    description:
      `Socket.IO namespace \`${LIVE_NAMESPACE}\`. A connected socket is in the live topic \`${LIVE_TOPIC}\` at once. ` +
      'Clients drop any refresh whose seq or card version they already have; on a seq gap they wait briefly, ' +
      'then re-read GET /api/concerts/search and continue from its seq.',
  },
  defaultContentType: 'application/json',
  servers: {
    instance: {
      host: 'localhost:8080',
      protocol: 'ws',
      pathname: '/socket.io',
      description: 'Any instance; with REDIS_URL every instance carries the same stream. Socket.IO 4 (Engine.IO 4) framing.',
    },
  },
  channels: {
    live: {
      address: LIVE_NAMESPACE,
      title: 'Live concert cards',
      description: `The \`${LIVE_NAMESPACE}\` namespace; all sockets are in room \`${LIVE_TOPIC}\`.`,
      servers: [{ $ref: '#/servers/instance' }],
      messages: {
        concertsRefresh: { $ref: '#/components/messages/ConcertsRefresh' },
        concertsHeartbeat: { $ref: '#/components/messages/ConcertsHeartbeat' },
        timeSync: { $ref: '#/components/messages/TimeSync' },
        timeSyncAck: { $ref: '#/components/messages/TimeSyncAck' },
      },
    },
  },
  operations: {
    sendConcertsRefresh: {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary: 'A committed change: the cards that changed and the ids removed.',
      messages: [{ $ref: '#/channels/live/messages/concertsRefresh' }],
    },
    sendConcertsHeartbeat: {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary: 'Every HEARTBEAT_EVERY_MS (15 s by default) per instance, and to each socket as it connects: the latest seq, server time and realtime mode.',
      messages: [{ $ref: '#/channels/live/messages/concertsHeartbeat' }],
    },
    receiveTimeSync: {
      action: 'receive',
      channel: { $ref: '#/channels/live' },
      summary: 'Round-trip clock sampling; acknowledged with the server time. Rate-limited per socket; excess calls get no ack.',
      messages: [{ $ref: '#/channels/live/messages/timeSync' }],
      reply: {
        channel: { $ref: '#/channels/live' },
        messages: [{ $ref: '#/channels/live/messages/timeSyncAck' }],
      },
    },
  },
  components: {
    schemas: {
      Card: cardSchema,
    },
    messages: {
      ConcertsRefresh: { name: REFRESH_EVENT, title: 'Cards changed', payload: refreshSchema },
      ConcertsHeartbeat: { name: HEARTBEAT_EVENT, title: 'Stream status', payload: heartbeatSchema },
      TimeSync: { name: TIME_SYNC_EVENT, title: 'Clock sample request', payload: timeSyncRequestSchema },
      TimeSyncAck: { name: `${TIME_SYNC_EVENT} ack`, title: 'Clock sample reply', payload: timeSyncAckSchema },
    },
  },
} as const;
