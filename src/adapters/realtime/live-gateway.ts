// The `/concerts` Socket.IO namespace (CONTRACT.md "Socket.IO"): sockets join the live topic on
// connection, refreshes go out through the publisher (the LiveEventPublisher port), heartbeats
// through the heartbeat, `time:sync` is answered, and connections beyond capacity are refused. With
// a Redis URL the Redis adapter carries every refresh to the other instances; without, one instance
// in memory. The gateway exists (and publishes) before it is attached to the HTTP server, so the
// composition root can build the application on its publisher first.
//
// Limits are per Engine.IO connection, not per namespace socket: one connection may carry many
// CONNECT packets, so the cap counts connections and each may hold one live socket (and none on the
// default namespace); otherwise one client could fan every refresh out to itself hundreds of times.
// The handshake checks `Origin` itself: CORS headers bind browsers' HTTP reads, not WebSocket
// upgrades, so a page from an unlisted site could otherwise open a socket.

import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Clock } from '../../application/ports/clock.js';
import type { GetStreamStatusUseCase } from '../../application/ports/inbound/stream-status.js';
import type { LiveEventPublisher } from '../../application/ports/outbound/live-event-publisher.js';
import type { LiveEvents, LiveRequests } from '../../contract/wire.js';
import { Heartbeat } from './heartbeat.js';
import { LIVE_NAMESPACE, LIVE_TOPIC } from './live-wire.js';
import { protocolHandshakeRefusal } from './protocol-handshake.js';
import { RedisLink } from './redis-link.js';
import { SocketIoLivePublisher } from './socket-io-live-publisher.js';
import { answerTimeSync } from './time-sync.js';

/** Message of the `connect_error` a client gets when this instance is full. */
export const AT_CAPACITY = 'instance at capacity';
/** Message of the `connect_error` for a second live socket on one connection. */
export const ONE_SOCKET_PER_CONNECTION = 'one live socket per connection';
const RECONNECT_BEAT_DELAY_MS = 250;

export interface LiveGatewayObserver {
  /** The number of sockets connected to this instance changed. */
  connected?(count: number): void;
  /** A `time:sync` request was answered. */
  timeSync?(): void;
  /** A refresh was handed to the adapter (and, with Redis, acknowledged by it). */
  emitted?(seq: number): void;
}

export interface LiveGatewayOptions {
  readonly instanceId: string;
  /** Set: share the live topic with other instances through Redis. */
  readonly redisUrl?: string;
  /** Redis channel prefix; one per deployment (and test run). Default `concert-live`. */
  readonly redisKeyPrefix?: string;
  readonly corsOrigins: readonly string[];
  readonly heartbeatEveryMs?: number;
  /** Where the stream stands, for heartbeats. */
  readonly streamStatus: GetStreamStatusUseCase;
  readonly clock: Clock;
  readonly maxConnections?: number;
  /** Largest message a client may send (Socket.IO maxHttpBufferSize). */
  readonly maxMessageBytes?: number;
  readonly timeSyncPerSecond?: number;
  readonly onError: (error: unknown, context: string) => void;
  readonly observer?: LiveGatewayObserver;
}

export interface LiveGateway {
  readonly publisher: LiveEventPublisher;
  /** Serves Socket.IO on `httpServer` (before it listens; Engine.IO takes /socket.io/ from its request listeners). */
  attach(httpServer: HttpServer): void;
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
  maxMessageBytes: 4_096,
  timeSyncPerSecond: 20,
  redisKeyPrefix: 'concert-live',
} as const;

/** A gateway serving on `httpServer` at once. */
export function attachLiveGateway(httpServer: HttpServer, options: LiveGatewayOptions): LiveGateway {
  const gateway = createLiveGateway(options);
  gateway.attach(httpServer);
  return gateway;
}

/** A gateway whose publisher works at once (through Redis when configured); it serves clients once attached. */
export function createLiveGateway(options: LiveGatewayOptions): LiveGateway {
  const maxConnections = options.maxConnections ?? LIVE_GATEWAY_DEFAULTS.maxConnections;
  const redis = options.redisUrl
    ? RedisLink.open({
        url: options.redisUrl,
        keyPrefix: options.redisKeyPrefix ?? LIVE_GATEWAY_DEFAULTS.redisKeyPrefix,
        onError: options.onError,
      })
    : null;

  const io = new Server<LiveRequests, LiveEvents>({
    cors: { origin: [...options.corsOrigins] },
    allowRequest: (request, answer) => answer(null, originAllowed(request.headers.origin, request.headers.host, options.corsOrigins)),
    maxHttpBufferSize: options.maxMessageBytes ?? LIVE_GATEWAY_DEFAULTS.maxMessageBytes,
    serveClient: false,
    ...(redis ? { adapter: redis.adapter() } : {}),
  });
  const namespace = io.of(LIVE_NAMESPACE);

  io.of('/').use((_socket, next) => next(new Error(`no such namespace; use ${LIVE_NAMESPACE}`)));
  // Engine.IO connections holding (or being admitted to) a live socket.
  const holding = new WeakSet<object>();
  namespace.use((socket, next) => {
    const refusal = protocolHandshakeRefusal(socket.handshake.auth);
    if (refusal) return next(refusal);
    if (holding.has(socket.client)) return next(new Error(ONE_SOCKET_PER_CONNECTION));
    if (io.engine.clientsCount > maxConnections) return next(new Error(AT_CAPACITY));
    holding.add(socket.client);
    next();
  });

  const heartbeat = new Heartbeat(namespace, {
    everyMs: options.heartbeatEveryMs ?? LIVE_GATEWAY_DEFAULTS.heartbeatEveryMs,
    streamStatus: () => options.streamStatus.execute(),
    clock: options.clock,
    onError: options.onError,
  });

  namespace.on('connection', (socket) => {
    void socket.join(LIVE_TOPIC);
    void heartbeat.greet(socket);
    answerTimeSync(socket, {
      clock: options.clock,
      perSecond: options.timeSyncPerSecond ?? LIVE_GATEWAY_DEFAULTS.timeSyncPerSecond,
      onSync: () => options.observer?.timeSync?.(),
    });
    options.observer?.connected?.(namespace.sockets.size);
    socket.on('disconnect', () => {
      holding.delete(socket.client);
      options.observer?.connected?.(namespace.sockets.size);
    });
  });

  heartbeat.start();
  // Events published while this instance's subscriber was cut never reached its sockets; a beat
  // right after it reconnects shows clients the seq gap now rather than at the next period (the
  // short delay lets the subscriber re-subscribe first).
  redis?.onSubscriberReconnect(() => setTimeout(() => void heartbeat.beat(), RECONNECT_BEAT_DELAY_MS).unref());

  const publisher = new SocketIoLivePublisher(namespace, options.instanceId, redis, (seq) => options.observer?.emitted?.(seq));

  let attached = false;
  return {
    publisher,
    attach: (httpServer) => {
      io.attach(httpServer);
      attached = true;
    },
    connectedCount: () => namespace.sockets.size,
    redisReady: () => (redis ? redis.isReady() : true),
    whenRedisConnected: async () => redis?.whenConnected(),
    close: async () => {
      heartbeat.stop();
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

/** No Origin (not a browser), a listed one, or the page's own origin (the service serves it). */
function originAllowed(origin: string | undefined, host: string | undefined, listed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (listed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
