// The published description of the live stream (CONTRACT.md "Socket.IO") as an AsyncAPI 3.0
// document, served at /asyncapi.json. The payload schemas are the published wire schemas
// (src/contract, generated from the same zod definitions the types come from); event names come
// from the constants the gateway uses, so the document cannot name an event the code does not emit.
// test/realtime/asyncapi.test.ts validates it with @asyncapi/parser and checks real payloads
// against its schemas.

import { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from '../../contract/protocol.js';
import { wireJsonSchemas } from '../../contract/wire-documents.js';
import { HEARTBEAT_EVENT, LIVE_NAMESPACE, LIVE_TOPIC, REFRESH_EVENT, TIME_SYNC_EVENT } from './live-wire.js';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

export const asyncApiDocument = {
  asyncapi: '3.0.0',
  info: {
    title: 'Concert service cards — live stream',
    version: '1.0.0',
    description:
      `Socket.IO namespace \`${LIVE_NAMESPACE}\`. A connected socket is in the live topic \`${LIVE_TOPIC}\` at once. ` +
      `A client states the protocol version it speaks in the handshake, \`auth: {protocolVersion: ${PROTOCOL_VERSION}}\` (absent means 1); ` +
      'one this server cannot serve is refused with a connect_error whose message says so and whose data is ' +
      `{code: "${UNSUPPORTED_PROTOCOL_VERSION}", supported: [...]}. ` +
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
    schemas: wireJsonSchemas('draft-7', '#/components/schemas/', ['ConcertsRefresh', 'ConcertsHeartbeat', 'TimeSyncRequest', 'TimeSyncAck']),
    messages: {
      ConcertsRefresh: { name: REFRESH_EVENT, title: 'Cards changed', payload: ref('ConcertsRefresh') },
      ConcertsHeartbeat: { name: HEARTBEAT_EVENT, title: 'Stream status', payload: ref('ConcertsHeartbeat') },
      TimeSync: { name: TIME_SYNC_EVENT, title: 'Clock sample request', payload: ref('TimeSyncRequest') },
      TimeSyncAck: { name: `${TIME_SYNC_EVENT} ack`, title: 'Clock sample reply', payload: ref('TimeSyncAck') },
    },
  },
} as const;
