// How the process is built, in order: telemetry, the database (embedded when DATABASE_URL is unset)
// and its migrations, the application on its ports (container.ts), the scheduler and the live
// gateway the application talks to, the HTTP app on the inbound ports, then listening, the
// scheduler's jobs and the demo catalogue. stop() undoes it in reverse: flush pending seat
// changes, stop accepting and close the sockets, release scheduler locks, close the database.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Container } from 'inversify';
import { ChangeRealtimeSettings } from '../application/admin/change-realtime-settings.js';
import { GetRealtimeSettings } from '../application/admin/get-realtime-settings.js';
import { RollOutConfiguredRealtimeSettings } from '../application/admin/roll-out-configured-realtime-settings.js';
import { CreateConcert } from '../application/admin/create-concert.js';
import { DeleteConcert } from '../application/admin/delete-concert.js';
import { UpdateConcert } from '../application/admin/update-concert.js';
import { GetCard } from '../application/cards/get-card.js';
import { GetHighlights } from '../application/cards/get-highlights.js';
import { SearchCards } from '../application/cards/search-cards.js';
import type { Clock } from '../application/ports/clock.js';
import { InventoryCoalescer } from '../application/publication/inventory-coalescer.js';
import { PruneReservationRequests } from '../application/reservations/prune-reservation-requests.js';
import { ReserveSeats } from '../application/reservations/reserve-seats.js';
import { LiveStreamRelay } from '../application/relay/live-stream-relay.js';
import { ReconcileLiveStream } from '../application/stream/reconcile-live-stream.js';
import { RunDueTransitions } from '../application/stream/run-due-transitions.js';
import { nodeTimer, systemClock } from '../adapters/clock/system-clock.js';
import { clientAddressOf, normalised } from '../adapters/http/client-address.js';
import { createHttpApp } from '../adapters/http/http-app.js';
import { answerMalformedRequests } from '../adapters/http/malformed-request.js';
import { Telemetry } from '../adapters/observability/telemetry.js';
import { openPersistence, type Persistence } from '../adapters/persistence/open-persistence.js';
import { asyncApiDocument } from '../adapters/realtime/asyncapi.js';
import { createLiveGateway } from '../adapters/realtime/live-gateway.js';
import { createAgendaScheduler } from '../adapters/scheduling/agenda-scheduler.js';
import type { Config } from './config.js';
import { applicationContainer, bindSettings, bindStorage, bindValue, PORTS, reconcileTiming, relayTuning } from './container.js';
import { arrangeDemoCatalogue, type DemoUseCases } from './demo-catalogue.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import { listenForMetrics } from './metrics-listener.js';

export interface ServiceOverrides {
  /** Replaces the system clock (tests bind a controllable one). */
  readonly clock?: Clock;
  /** Where logs go (tests silence them); stdout by default. */
  readonly logDestination?: { write(line: string): void };
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  /** Set when ADMIN_TOKEN was unset and a token was made for this run. */
  readonly generatedAdminToken: string | null;
  readonly instanceId: string;
  /** The metrics listener's `/metrics` URL; null when METRICS_PORT is off. */
  readonly metricsUrl: string | null;
  readonly container: Container;
  readonly telemetry: Telemetry;
  stop(): Promise<void>;
}

const DEMO_REBALANCE_EVERY_MS = 3_600_000;
const RESERVATION_PRUNE_EVERY_MS = 600_000;
const STATIC_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** How long a shutdown step may run before it is logged as holding the stop up (and every such period after). */
const SLOW_SHUTDOWN_STEP_MS = 2_000;

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const clock = overrides.clock ?? systemClock;
  const telemetry = new Telemetry({
    instanceId: config.instanceId,
    logLevel: config.logLevel,
    format: config.logFormat,
    clock,
    ...(overrides.logDestination ? { destination: overrides.logDestination } : {}),
  });
  const log = telemetry.logger;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    const steps = cleanups.reverse();
    for (const [index, step] of steps.entries()) {
      // A step that holds the stop up is named while it does, so a stop that ends at
      // SHUTDOWN_TIMEOUT_MS says where it waited (the chaos soak saw such stops).
      const slow = setInterval(() => log.warn({ step: index + 1, of: steps.length, code: String(step).slice(0, 120) }, 'shutdown step still running'), SLOW_SHUTDOWN_STEP_MS);
      slow.unref();
      await step()
        .catch((error: unknown) => log.warn({ err: error }, 'shutdown step failed'))
        .finally(() => clearInterval(slow));
    }
  };

  try {
    // The database.
    let databaseUrl = config.databaseUrl;
    if (databaseUrl === null) {
      const embedded = await startEmbeddedDatabase(config.dataDir, (line) => log.info(line));
      cleanups.push(() => embedded.stop());
      log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
      databaseUrl = embedded.url;
    }
    const configuredRealtime = { mode: config.realtimeMode, hybridPollIntervalMillis: config.hybridPollIntervalMs };
    const persistence: Persistence = openPersistence(databaseUrl, { timeouts: config.databaseTimeouts, poolSize: config.databasePoolSize, onStatement: (pool) => telemetry.databaseStatement(pool) });
    cleanups.push(() => persistence.close());
    const applied = await persistence.migrate();
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
    await persistence.ensureRealtimeSettings(configuredRealtime, clock.now());
    telemetry.watchOutbox(() => persistence.stores.outbox.backlog(), config.metricsRefreshMs);
    cleanups.push(async () => telemetry.stop());

    // The application, on its ports.
    const container = applicationContainer();
    bindStorage(container, persistence);
    bindValue(container, PORTS.Clock, clock);
    bindValue(container, PORTS.Timer, nodeTimer);
    bindValue(container, PORTS.PublicationObserver, telemetry.observer);
    bindSettings(container, {
      snapshotMaxAgeMs: config.snapshotMaxAgeMs,
      searchCacheMaxBytes: config.searchCacheMaxBytes,
      idempotencyKeyRetentionMs: config.idempotencyKeyRetentionMs,
      inventoryCoalesceMs: config.inventoryCoalesceMs,
      reconcile: reconcileTiming(config.inventoryCoalesceMs),
      relay: relayTuning({ maxEvents: config.replayRingEvents, maxBytes: config.replayRingBytes }),
    });

    // What the application talks to: the job scheduler, and the live gateway (its publisher reaches
    // the other instances, its fan-out this instance's sockets). The relay starts at the stream head.
    const agenda = createAgendaScheduler({
      databaseUrl,
      ...(config.agendaMongoUrl ? { mongoUrl: config.agendaMongoUrl } : {}),
      instanceId: config.instanceId,
      reconcileEveryMs: config.reconcileEveryMs,
      clock,
      onError: (error, context) => log.warn({ err: error, context }, 'scheduler error'),
      onJobRun: (name, ok) => telemetry.jobRan(name, ok),
      tuning: { poolSize: config.agendaPoolSize },
    });
    bindValue(container, PORTS.TransitionScheduler, agenda.scheduler);
    const trustedProxies = new Set(config.trustedProxies.map(normalised));
    const gateway = createLiveGateway({
      instanceId: config.instanceId,
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      redisKeyPrefix: config.redisKeyPrefix,
      corsOrigins: config.corsOrigins,
      heartbeatEveryMs: config.heartbeatEveryMs,
      maxConnections: config.maxConnections,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      // The same client address HTTP limits use: the peer, or what a trusted proxy says it saw.
      addressOf: (request) => clientAddressOf(request, trustedProxies),
      joinTimeoutMs: config.socketJoinTimeoutMs,
      maxBufferedBytes: config.slowConsumerMaxBytes,
      clock,
      onError: (error, context) => log.warn({ err: error, context }, 'realtime error'),
      observer: { timeSync: () => telemetry.timeSyncAnswered(), slowConsumer: (bytes) => telemetry.slowConsumerClosed(bytes) },
    });
    cleanups.push(() => gateway.close());
    bindValue(container, PORTS.LiveEventPublisher, gateway.publisher);
    bindValue(container, PORTS.LocalFanOut, gateway.fanOut);
    bindValue(container, PORTS.RelayObserver, telemetry.relayObserver);
    const relay = container.get(LiveStreamRelay);
    await relay.start();
    // The configured realtime mode, if this deploy changed it (CONTRACT.md, "Realtime modes").
    const rollout = await container.get(RollOutConfiguredRealtimeSettings).execute(configuredRealtime);
    if (rollout.applied) log.info({ realtimeMode: rollout.inForce.settings.mode, hybridPollIntervalMillis: rollout.inForce.settings.hybridPollIntervalMillis }, 'configured realtime mode applied');
    telemetry.watchSockets(() => gateway.connectedCount());

    // HTTP on the inbound ports; Socket.IO on the same server.
    const generatedAdminToken = config.adminToken ? null : randomBytes(24).toString('base64url');
    const adminToken = config.adminToken ?? (generatedAdminToken as string);
    const app = createHttpApp({
      searchCards: container.get(SearchCards),
      getCard: container.get(GetCard),
      highlights: container.get(GetHighlights),
      createConcert: container.get(CreateConcert),
      updateConcert: container.get(UpdateConcert),
      deleteConcert: container.get(DeleteConcert),
      reserveSeats: container.get(ReserveSeats),
      changeRealtimeSettings: container.get(ChangeRealtimeSettings),
      getRealtimeSettings: container.get(GetRealtimeSettings),
      health: {
        isLive: () => true,
        readiness: async () => {
          const checks: Record<string, boolean> = { database: await persistence.ping(), scheduler: agenda.isRunning() };
          if (config.redisUrl) checks.redis = gateway.redisReady();
          return { ready: Object.values(checks).every(Boolean), checks };
        },
        metricsText: async () => (await telemetry.metricsText()).body,
        metricsContentType: telemetry.registry.contentType,
      },
      clock,
      adminToken,
      corsOrigins: config.corsOrigins,
      documents: { '/asyncapi.json': asyncApiDocument },
      ...(existsSync(STATIC_DIR) ? { staticDir: STATIC_DIR } : {}),
      serveSourceMaps: config.serveSourceMaps,
      ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
      trustedProxies: config.trustedProxies,
      reservationsPerMinute: config.reservationRateLimitPerMinute,
      adminAuthFailuresPerMinute: config.adminAuthFailuresPerMinute,
      onAdminAuthFailed: (client, reason, route, method) => log.warn({ client, reason, route, method }, 'admin authentication failed'),
      onRequest: (route, method, status, durationMs) => telemetry.httpObserved(route, method, status, durationMs),
      onError: (error) => log.error({ err: error }, 'request failed'),
      onAborted: (route, method) => log.info({ route, method, status: 499 }, 'client closed the request before sending all of it'),
    });
    const httpServer = createServer(app.callback());
    answerMalformedRequests(httpServer);
    gateway.attach(httpServer);
    gateway.serve(relay);

    const runDue = container.get(RunDueTransitions);
    const reconcile = container.get(ReconcileLiveStream);
    await agenda.start({ onBoundary: (at) => runDue.execute(at), onReconcile: () => reconcile.execute() });
    cleanups.push(() => agenda.stop());
    // Reservation answers past IDEMPOTENCY_KEY_RETENTION_MS, on one instance at a time.
    const pruneRequests = container.get(PruneReservationRequests);
    await agenda.every('reservation-request-prune', RESERVATION_PRUNE_EVERY_MS, () => pruneRequests.execute(), false);

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    // Stopping runs these in reverse: flush pending seat changes, stop accepting and finish in-flight
    // requests while closing the sockets (open websockets would hold server.close() forever; clients
    // reconnect to another instance), then release Agenda's locks, then the database.
    cleanups.push(async () => {
      const closed = closeHttp(httpServer);
      await gateway.close();
      await closed;
    });
    const coalescer = container.get(InventoryCoalescer);
    cleanups.push(() => coalescer.drain());
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // Metrics on their own listener, which the load balancer never publishes.
    let metricsUrl: string | null = null;
    if (config.metricsPort !== null) {
      const metrics = await listenForMetrics(config.metricsPort, config.metricsHost, telemetry, log);
      cleanups.push(() => metrics.close());
      metricsUrl = metrics.url;
    }
    log.info({ url, metricsUrl }, 'listening');

    // Card states whose boundary passed while no instance ran are published by the first reconcile.
    if (config.demoSeed) {
      const demo = demoUseCases(container);
      const rearrange = async () => {
        const count = await arrangeDemoCatalogue(demo, clock.now());
        log.info({ count }, 'demo catalogue arranged');
      };
      await rearrange();
      // Then hourly, on one instance: a visitor always finds a sale about to open.
      await agenda.every('demo-rebalance', DEMO_REBALANCE_EVERY_MS, rearrange, false);
    }

    let stopped: Promise<void> | null = null;
    return {
      url,
      port,
      adminToken,
      generatedAdminToken,
      instanceId: config.instanceId,
      metricsUrl,
      container,
      telemetry,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The demo arranges its concerts through the same use cases an operator's calls reach. */
function demoUseCases(container: Container): DemoUseCases {
  const [search, create, remove, reserve] = [container.get(SearchCards), container.get(CreateConcert), container.get(DeleteConcert), container.get(ReserveSeats)];
  return {
    findIdsByTitle: async (title) => {
      const found = await search.execute({ keyword: title, artistName: null, entertainmentName: null, saleStatuses: null, page: 0, size: 100, sort: { field: 'id', direction: 'asc' } });
      return found.items.filter((card) => card.title === title).map((card) => card.id);
    },
    create: (details) => create.execute(details),
    remove: (id) => remove.execute(id),
    reserve: (id, quantity) => reserve.execute(id, quantity),
  };
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
