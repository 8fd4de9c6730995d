// How the process is built, in order: telemetry, database (embedded when DATABASE_URL is unset),
// migrations, the HTTP server and its Socket.IO gateway, the container of use cases, the Agenda
// scheduler, then listening and the demo catalogue. stop() undoes it in reverse: stop accepting,
// release scheduler locks, flush pending seat changes, close sockets, close the database.

import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Container } from 'inversify';
import { createHttpApp } from '../adapters/http/http-app.js';
import { Telemetry } from '../adapters/observability/telemetry.js';
import { openPersistence, type Persistence } from '../adapters/persistence/open-persistence.js';
import { asyncApiDocument } from '../adapters/realtime/asyncapi.js';
import { attachLiveGateway, type LiveGateway } from '../adapters/realtime/live-gateway.js';
import { createAgendaScheduler, type AgendaScheduler } from '../adapters/scheduling/agenda-scheduler.js';
import { nodeTimer, systemClock } from '../adapters/clock/system-clock.js';
import type { Clock } from '../application/ports/clock.js';
import type { LiveEvent, LiveEventPublisher } from '../application/ports/live-event-publisher.js';
import type { Config } from './config.js';
import { buildContainer, PORTS, USE_CASES } from './container.js';
import { arrangeDemoCatalogue, type DemoUseCases } from './demo-catalogue.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.js';

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
  readonly container: Container;
  readonly telemetry: Telemetry;
  stop(): Promise<void>;
}

const DEMO_REBALANCE_EVERY_MS = 3_600_000;
const STATIC_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export async function startService(config: Config, overrides: ServiceOverrides = {}): Promise<RunningService> {
  const telemetry = new Telemetry({ instanceId: config.instanceId, logLevel: config.logLevel, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) });
  const log = telemetry.logger;
  const clock = overrides.clock ?? systemClock;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log.warn({ err: error }, 'shutdown step failed'));
  };

  try {
    let embedded: EmbeddedDatabase | null = null;
    if (config.databaseUrl === null) {
      embedded = await startEmbeddedDatabase(config.dataDir, (line) => log.info(line));
      cleanups.push(() => (embedded as EmbeddedDatabase).stop());
      log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
    }
    const databaseUrl = config.databaseUrl ?? (embedded as EmbeddedDatabase).url;
    const persistence: Persistence = openPersistence(databaseUrl);
    cleanups.push(() => persistence.close());
    const applied = await persistence.migrate();
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
    await persistence.ensureRealtimeSettings({ mode: config.realtimeMode, hybridPollIntervalMillis: config.hybridPollIntervalMs });
    telemetry.watchOutbox(() => persistence.stores.outbox.backlog());

    // engine.io wraps the request listeners present when it attaches and keeps /socket.io/ for
    // itself, so the Koa handler (built later, from the container) is reached through this one.
    let handleRequest: RequestListener = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    const httpServer: Server = createServer((req, res) => handleRequest(req, res));
    const gateway: LiveGateway = attachLiveGateway(httpServer, {
      instanceId: config.instanceId,
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      redisKeyPrefix: config.redisKeyPrefix,
      corsOrigins: config.corsOrigins,
      heartbeatEveryMs: config.heartbeatEveryMs,
      maxConnections: config.maxConnections,
      streamStatus: () => container.get(USE_CASES.GetStreamStatus).execute(),
      clock,
      onError: (error, context) => log.warn({ err: error, context }, 'realtime error'),
      observer: { connected: () => undefined, timeSync: () => telemetry.timeSyncAnswered(), emitted: () => undefined },
    });
    telemetry.watchSockets(() => gateway.connectedCount());

    // The use cases need the scheduler port; the scheduler gets the use cases it runs at start().
    const agenda: AgendaScheduler = createAgendaScheduler({
      databaseUrl,
      ...(config.agendaMongoUrl ? { mongoUrl: config.agendaMongoUrl } : {}),
      instanceId: config.instanceId,
      clock,
      reconcileEveryMs: config.reconcileEveryMs,
      onError: (error, context) => log.warn({ err: error, context }, 'scheduler error'),
      onJobRun: (name, ok) => telemetry.jobRan(name, ok),
    });
    const publisher: LiveEventPublisher = { publish: (event: LiveEvent) => gateway.publisher.publish(event) };
    const container = buildContainer(
      {
        clock,
        timer: nodeTimer,
        concerts: persistence.stores.concerts,
        cardStates: persistence.stores.cardStates,
        outbox: persistence.stores.outbox,
        settings: persistence.stores.settings,
        unitOfWork: persistence.unitOfWork,
        publisher,
        scheduler: agenda.scheduler,
        observer: telemetry.observer,
      },
      { inventoryCoalesceMs: config.inventoryCoalesceMs, snapshotMaxAgeMs: config.snapshotMaxAgeMs },
    );

    const generatedAdminToken = config.adminToken ? null : randomBytes(24).toString('base64url');
    const adminToken = config.adminToken ?? (generatedAdminToken as string);
    const u = USE_CASES;
    const app = createHttpApp({
      searchCards: container.get(u.SearchCards),
      getCard: container.get(u.GetCard),
      highlights: container.get(u.GetHighlights),
      createConcert: container.get(u.CreateConcert),
      updateConcert: container.get(u.UpdateConcert),
      deleteConcert: container.get(u.DeleteConcert),
      reserveSeats: container.get(u.ReserveSeats),
      changeRealtimeSettings: container.get(u.ChangeRealtimeSettings),
      health: {
        isLive: () => true,
        readiness: async () => {
          const checks: Record<string, boolean> = {
            database: await persistence.ping(),
            scheduler: agenda.isRunning(),
          };
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
      onRequest: (route, method, status, durationMs) => telemetry.httpObserved(route, method, status, durationMs),
      onError: (error) => log.error({ err: error }, 'request failed'),
      isUnavailable: (error) => isConnectionError(error),
    });
    handleRequest = app.callback();
    httpServer.on('clientError', answerMalformedRequest);
    cleanups.push(() => gateway.close());

    await agenda.start({
      onBoundary: (at) => container.get(USE_CASES.RunDueTransitions).execute(at),
      onReconcile: () => container.get(USE_CASES.ReconcileLiveStream).execute(),
    });
    cleanups.push(() => agenda.stop());

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
    cleanups.push(() => container.get(u.CoalesceInventoryChanges).drain());
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    log.info({ url }, 'listening');

    // Card states whose boundary passed while no instance ran are published by the first reconcile.
    if (config.demoSeed) {
      const rearrange = async () => {
        const count = await arrangeDemoCatalogue(demoUseCases(container), clock.now());
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
      container,
      telemetry,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function demoUseCases(container: Container): DemoUseCases {
  const u = USE_CASES;
  return {
    findIdsByTitle: async (title) => {
      const found = await container.get(PORTS.ConcertRepository).search({
        keyword: title,
        artistName: null,
        entertainmentName: null,
        page: 0,
        size: 100,
        sort: { field: 'id', direction: 'asc' },
      });
      return found.rows.filter((row) => row.concert.title === title).map((row) => row.concert.id);
    },
    create: (details) => container.get(u.CreateConcert).execute(details),
    remove: (id) => container.get(u.DeleteConcert).execute(id),
    reserve: (id, quantity) => container.get(u.ReserveSeats).execute(id, quantity),
  };
}

/** A request Node cannot parse still gets the JSON error envelope, then the connection closes. */
function answerMalformedRequest(_error: Error, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: 'MALFORMED_REQUEST', message: 'the HTTP request could not be parsed' } });
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Errors that mean the database cannot be reached (mapped to 503 by the HTTP adapter). */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /connect(ion)? (timeout|terminated|refused)|timeout exceeded when trying to connect|Connection terminated/i.test(message);
}
