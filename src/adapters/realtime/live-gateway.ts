// The `/concerts` Socket.IO namespace (CONTRACT.md "Socket.IO"). Every instance's relay receives
// every change (its own from LiveDelivery, the others' through the Redis adapter's server-side
// events) and hands them to this gateway's fan-out, which sends each socket what concerns its watch
// set (`cards:watch`). Heartbeats, `time:sync` and connection guards are here too. Without Redis
// the instance is alone and publishing to others is a no-op.
//
// The gateway exists (and publishes) before the application is built on it, then serves: attach()
// puts Socket.IO on the HTTP server, serve(relay) starts taking connections and changes.

import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../../application/ports/clock.js';
import type { LiveStreamRelayUseCase } from '../../application/ports/inbound/live-stream.js';
import type { LiveEvent, LiveEventPublisher } from '../../application/ports/outbound/live-event-publisher.js';
import type { LiveEvents, LiveRequests } from '../../contract/wire.js';
import { ConnectionGuard } from './connection-guard.js';
import { Heartbeat } from './heartbeat.js';
import { ALL_CARDS_ROOM, LIVE_NAMESPACE, STREAM_EVENT } from './live-wire.js';
import { protocolHandshakeRefusal } from './protocol-handshake.js';
import { RedisLink } from './redis-link.js';
import { SlowConsumers } from './slow-consumers.js';
import { SocketFanOut } from './socket-fan-out.js';
import { answerTimeSync } from './time-sync.js';
import { answerWatch } from './watch-requests.js';

export { AT_CAPACITY, ONE_SOCKET_PER_CONNECTION, TOO_MANY_FROM_ADDRESS } from './connection-guard.js';
export { SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON } from './slow-consumers.js';

/** After Redis comes back, the delay before checking the head and beating (lets the subscriber re-subscribe). */
const RECONNECT_CHECK_DELAY_MS = 250;
/** While Redis is down, how often the relay reads the head (other instances' changes reach it only so). */
const OUTAGE_HEAD_CHECK_MS = 1_000;

export interface LiveGatewayObserver {
  /** The number of sockets connected to this instance changed. */
  connected?(count: number): void;
  /** A `time:sync` request was answered. */
  timeSync?(): void;
  /** A change was handed to this instance's sockets. */
  emitted?(seq: number): void;
  /** A socket was closed as a slow consumer with this many bytes queued for it. */
  slowConsumer?(bytes: number): void;
}

export interface LiveGatewayOptions {
  readonly instanceId: string;
  /** Set: share the live stream with other instances through Redis. */
  readonly redisUrl?: string;
  /** Redis channel prefix; one per deployment (and test run). Default `concert-live`. */
  readonly redisKeyPrefix?: string;
  readonly corsOrigins: readonly string[];
  readonly heartbeatEveryMs?: number;
  readonly clock: Clock;
  readonly maxConnections?: number;
  /** Engine.IO connections one client address may hold. */
  readonly maxConnectionsPerAddress?: number;
  /** How long a connection may take to join `/concerts` before it is closed. */
  readonly joinTimeoutMs?: number;
  /** The client's address for a request; default the socket's remote address. */
  readonly addressOf?: (request: IncomingMessage) => string;
  /** Largest message a client may send (Socket.IO maxHttpBufferSize). */
  readonly maxMessageBytes?: number;
  readonly timeSyncPerSecond?: number;
  readonly watchPerSecond?: number;
  /** Bytes that may be queued for one socket before it is closed as a slow consumer. */
  readonly maxBufferedBytes?: number;
  /** How often the queues are checked. */
  readonly slowConsumerCheckMs?: number;
  readonly onError: (error: unknown, context: string) => void;
  readonly observer?: LiveGatewayObserver;
}

export interface LiveGateway {
  /** Sends a change to the other instances (this instance's relay already has it). */
  readonly publisher: LiveEventPublisher;
  /** Where this instance's relay hands changes for its sockets. */
  readonly fanOut: SocketFanOut;
  /** Serves Socket.IO on `httpServer` (before it listens; Engine.IO takes /socket.io/ from its request listeners). */
  attach(httpServer: HttpServer): void;
  /** Starts taking connections, requests and the other instances' changes, answered by `relay`. */
  serve(relay: LiveStreamRelayUseCase): void;
  /** Sockets connected to this instance. */
  connectedCount(): number;
  /** True without Redis; with Redis, true while both clients are connected. */
  redisReady(): boolean;
  /** Resolves once Redis is connected (at once without Redis). */
  whenRedisConnected(): Promise<void>;
  /** Disconnects every socket (clients reconnect elsewhere), closes Socket.IO and Redis. */
  close(): Promise<void>;
}

export const LIVE_GATEWAY_DEFAULTS = {
  heartbeatEveryMs: 15_000,
  maxConnections: 20_000,
  maxConnectionsPerAddress: 1_000,
  joinTimeoutMs: 5_000,
  maxMessageBytes: 4_096,
  timeSyncPerSecond: 20,
  watchPerSecond: 5,
  maxBufferedBytes: 524_288,
  slowConsumerCheckMs: 1_000,
  redisKeyPrefix: 'concert-live',
} as const;

/** A gateway attached to `httpServer` and serving `relay` at once (tests, small setups). */
export function attachLiveGateway(httpServer: HttpServer, options: LiveGatewayOptions, relay: LiveStreamRelayUseCase): LiveGateway {
  const gateway = createLiveGateway(options);
  gateway.attach(httpServer);
  gateway.serve(relay);
  return gateway;
}

export function createLiveGateway(options: LiveGatewayOptions): LiveGateway {
  const d = LIVE_GATEWAY_DEFAULTS;
  const redis = options.redisUrl
    ? RedisLink.open({ url: options.redisUrl, keyPrefix: options.redisKeyPrefix ?? d.redisKeyPrefix, onError: options.onError })
    : null;
  const guard = new ConnectionGuard({
    corsOrigins: options.corsOrigins,
    maxConnections: options.maxConnections ?? d.maxConnections,
    perAddress: options.maxConnectionsPerAddress ?? d.maxConnectionsPerAddress,
    addressOf: options.addressOf ?? ((request) => request.socket.remoteAddress ?? 'unknown'),
  });
  const io = new Server<LiveRequests, LiveEvents>({
    cors: { origin: [...options.corsOrigins] },
    allowRequest: (request, answer) => guard.allowRequest(request, answer),
    maxHttpBufferSize: options.maxMessageBytes ?? d.maxMessageBytes,
    connectTimeout: options.joinTimeoutMs ?? d.joinTimeoutMs,
    serveClient: false,
    ...(redis ? { adapter: redis.adapter() } : {}),
  });
  const namespace = io.of(LIVE_NAMESPACE);
  const fanOut = new SocketFanOut(namespace, options.instanceId, (seq) => options.observer?.emitted?.(seq));
  const publisher: LiveEventPublisher = {
    publish: async (event: LiveEvent) => {
      if (redis) await redis.broadcast(() => namespace.serverSideEmit(STREAM_EVENT, event));
    },
  };
  let attached = false;
  let heartbeat: Heartbeat | null = null;
  const slow = new SlowConsumers(namespace, {
    maxBufferedBytes: options.maxBufferedBytes ?? d.maxBufferedBytes,
    everyMs: options.slowConsumerCheckMs ?? d.slowConsumerCheckMs,
    onDisconnect: (bytes) => options.observer?.slowConsumer?.(bytes),
  });
  let outagePoll: ReturnType<typeof setInterval> | undefined;

  return {
    publisher,
    fanOut,
    attach: (httpServer) => {
      io.attach(httpServer);
      guard.track(io);
      attached = true;
    },
    serve: (relay) => {
      io.of('/').use((_socket, next) => next(new Error(`no such namespace; use ${LIVE_NAMESPACE}`)));
      namespace.use((socket, next) => {
        // A client that speaks a protocol version this server cannot serve must not read on.
        const refusal = protocolHandshakeRefusal(socket.handshake.auth);
        if (refusal) return next(refusal);
        guard.admit(io, socket, next);
      });
      const beat = new Heartbeat(namespace, { everyMs: options.heartbeatEveryMs ?? d.heartbeatEveryMs, relay, onError: options.onError });
      heartbeat = beat;
      namespace.on('connection', (socket) => {
        void socket.join(ALL_CARDS_ROOM);
        void beat.greet(socket);
        answerTimeSync(socket, { clock: options.clock, perSecond: options.timeSyncPerSecond ?? d.timeSyncPerSecond, onSync: () => options.observer?.timeSync?.() });
        answerWatch(socket, { relay, fanOut, perSecond: options.watchPerSecond ?? d.watchPerSecond, onError: options.onError });
        options.observer?.connected?.(namespace.sockets.size);
        socket.on('disconnect', () => options.observer?.connected?.(namespace.sockets.size));
      });
      // Changes the other instances published; a malformed one is reported, never delivered.
      (namespace as unknown as { on(event: string, listener: (event: unknown) => void): void }).on(STREAM_EVENT, (event) => {
        if (isLiveEvent(event)) relay.receive(event);
        else options.onError(new Error('malformed change from another instance'), 'stream');
      });
      beat.start();
      slow.start();
      // A subscriber that was cut missed what was published meanwhile: the relay fills it from the
      // outbox and the beat tells clients at once; while Redis is down the head is read every second.
      redis?.onSubscriberReconnect(() => setTimeout(() => void beat.beat(), RECONNECT_CHECK_DELAY_MS).unref());
      if (redis) {
        outagePoll = setInterval(() => {
          if (!redis.isReady()) void relay.checkHead();
        }, OUTAGE_HEAD_CHECK_MS);
        outagePoll.unref();
      }
    },
    connectedCount: () => namespace.sockets.size,
    redisReady: () => (redis ? redis.isReady() : true),
    whenRedisConnected: async () => redis?.whenConnected(),
    close: async () => {
      heartbeat?.stop();
      slow.stop();
      clearInterval(outagePoll);
      // Not io.close(): that also closes the HTTP server, which belongs to the caller. `local`, so
      // with Redis only this instance's sockets go (a plain disconnectSockets reaches every instance).
      await Promise.allSettled(
        [io.of('/'), namespace].map(async (nsp) => {
          nsp.local.disconnectSockets(true);
          await nsp.adapter.close();
        }),
      );
      if (attached) io.engine.close();
      await redis?.close();
    },
  };
}

/** Enough of a LiveEvent to deliver: what another instance published through Redis. */
function isLiveEvent(value: unknown): value is LiveEvent {
  const event = value as Partial<LiveEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    Number.isSafeInteger(event.seq) &&
    typeof event.reason === 'string' &&
    Array.isArray(event.items) &&
    Array.isArray(event.removedIds) &&
    typeof event.settings === 'object' &&
    typeof event.serverNowEpochMs === 'number'
  );
}
