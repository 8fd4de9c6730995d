// The published description of the live stream (CONTRACT.md "Socket.IO") as an AsyncAPI 3.0
// document, served at /asyncapi.json. The payload schemas are the published wire schemas
// (src/contract, generated from the same zod definitions the types come from); event names come
// from the constants the gateway uses, so the document cannot name an event the code does not emit.
// test/realtime/asyncapi.test.ts validates it with @asyncapi/parser and checks real payloads
// against its schemas.

import { PROTOCOL_VERSION, UNSUPPORTED_PROTOCOL_VERSION } from '../../contract/protocol.js';
import { wireJsonSchemas } from '../../contract/wire-documents.js';
import { HEARTBEAT_EVENT, LIVE_NAMESPACE, REFRESH_EVENT, TIME_SYNC_EVENT, WATCH_EVENT } from './live-wire.js';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

export const asyncApiDocument = {
  asyncapi: '3.0.0',
  info: {
    title: 'Concert service cards — live stream',
    version: '1.0.0',
    description:
      `Socket.IO namespace \`${LIVE_NAMESPACE}\`. A connected socket watches every card until it sends \`${WATCH_EVENT}\`. ` +
      `A client states the protocol version it speaks in the handshake, \`auth: {protocolVersion: ${PROTOCOL_VERSION}}\` (absent means 1); ` +
      'one this server cannot serve is refused with a connect_error whose message says so and whose data is ' +
      `{code: "${UNSUPPORTED_PROTOCOL_VERSION}", supported: [...]}. ` +
      'Within one connection the server sends every change that concerns the watch set, in seq order, once (an instance that missed ' +
      'a change fills it from the outbox before sending a later one); a seq a watching socket does not see did not concern it. ' +
      'On reconnect, send cards:watch with afterSeq and epoch to be sent what happened meanwhile; on resyncRequired, or an epoch ' +
      'that changed, re-read GET /api/concerts/search and continue from its seq.',
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
      description: `The \`${LIVE_NAMESPACE}\` namespace.`,
      servers: [{ $ref: '#/servers/instance' }],
      messages: {
        concertsRefresh: { $ref: '#/components/messages/ConcertsRefresh' },
        concertsHeartbeat: { $ref: '#/components/messages/ConcertsHeartbeat' },
        timeSync: { $ref: '#/components/messages/TimeSync' },
        timeSyncAck: { $ref: '#/components/messages/TimeSyncAck' },
        watch: { $ref: '#/components/messages/Watch' },
        watchAck: { $ref: '#/components/messages/WatchAck' },
      },
    },
  },
  operations: {
    sendConcertsRefresh: {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary:
        'A committed change: the cards that changed and the ids removed (for a watching socket, the watched ones; a change of no watched card is not sent). ' +
        'Reason CATALOGUE_CHANGED is a notice to every socket: items empty, changedIds and changedFields say what changed in the catalogue, so a view built from a query can re-read its page.',
      messages: [{ $ref: '#/channels/live/messages/concertsRefresh' }],
    },
    sendConcertsHeartbeat: {
      action: 'send',
      channel: { $ref: '#/channels/live' },
      summary:
        'Every HEARTBEAT_EVERY_MS (15 s by default) per instance, and to each socket as it connects: seq (every change up to it that concerns the watch set was sent), epoch, server time and realtime mode.',
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
    receiveWatch: {
      action: 'receive',
      channel: { $ref: '#/channels/live' },
      summary:
        'Choose the cards this socket receives ({ids} at most 500, or {all: true}); with afterSeq and epoch, be sent first every change after that position. ' +
        'Rate-limited per socket; a malformed, oversized or excess request gets an error ack and changes nothing.',
      messages: [{ $ref: '#/channels/live/messages/watch' }],
      reply: {
        channel: { $ref: '#/channels/live' },
        messages: [{ $ref: '#/channels/live/messages/watchAck' }],
      },
    },
  },
  components: {
    schemas: wireJsonSchemas('draft-7', '#/components/schemas/', ['ConcertsRefresh', 'ConcertsHeartbeat', 'TimeSyncRequest', 'TimeSyncAck', 'WatchRequest', 'WatchAck']),
    messages: {
      ConcertsRefresh: { name: REFRESH_EVENT, title: 'Cards changed', payload: ref('ConcertsRefresh') },
      ConcertsHeartbeat: { name: HEARTBEAT_EVENT, title: 'Stream status', payload: ref('ConcertsHeartbeat') },
      TimeSync: { name: TIME_SYNC_EVENT, title: 'Clock sample request', payload: ref('TimeSyncRequest') },
      TimeSyncAck: { name: `${TIME_SYNC_EVENT} ack`, title: 'Clock sample reply', payload: ref('TimeSyncAck') },
      Watch: { name: WATCH_EVENT, title: 'View subscription', payload: ref('WatchRequest') },
      WatchAck: { name: `${WATCH_EVENT} ack`, title: 'View subscription reply', payload: ref('WatchAck') },
    },
  },
} as const;
