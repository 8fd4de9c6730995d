// Logs (pino) and metrics (prom-client) for one instance. The live stream reports through the
// application's PublicationObserver port; the other adapters report through the plain callbacks
// below, which bootstrap hands to them. The gauges read from the database (the outbox backlog) are
// refreshed on an interval, never per scrape, so a scrape flood costs no database work.

import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../../application/ports/clock.js';
import type { RecordedLiveChange } from '../../application/ports/outbound/outbox.js';
import type { PublicationObserver } from '../../application/ports/outbound/publication-observer.js';
import type { RelayObserver } from '../../application/ports/outbound/relay-observer.js';

/** Most labelled HTTP histogram children kept (route templates × methods × statuses stay far below). */
const HTTP_CHILDREN_MAX = 1_000;

export interface TelemetryOptions {
  readonly instanceId: string;
  readonly logLevel: string;
  /** Server time, for the age of the oldest unsent outbox row. */
  readonly clock: Clock;
  /** Where logs go; stdout by default. */
  readonly destination?: pino.DestinationStream;
  /** `json`: one JSON object a line, for machines (the default). `pretty`: a human line each, for a terminal. */
  readonly format?: 'json' | 'pretty';
}

/**
 * Human lines: time, level, message, then the fields on the same line. Written synchronously (no worker thread), so
 * a line logged just before a fatal exit is on the terminal before the process ends. The instance
 * id is left out: the start banner names it, and JSON keeps it on every line.
 */
function prettyLines(destination: pino.DestinationStream | undefined, colorize: boolean): pino.DestinationStream {
  // pino-pretty pipes into its destination: a stream (stdout by default), not a bare `write` object.
  const target = destination as NodeJS.WritableStream | undefined;
  return PinoPretty({ sync: true, colorize, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,instanceId', ...(target ? { destination: target } : {}) });
}

export interface OutboxBacklog {
  readonly count: number;
  readonly oldestRecordedAt: number | null;
}

export class Telemetry {
  readonly logger: Logger;
  readonly registry = new Registry();
  readonly observer: PublicationObserver;
  readonly relayObserver: RelayObserver;
  /** The outbox backlog as last read: null before the first read, 'unreadable' when it failed. */
  private backlog: OutboxBacklog | 'unreadable' | null = null;
  private backlogRefresh: NodeJS.Timeout | null = null;
  private socketsSource: (() => number) | null = null;

  private readonly published = new Counter({ name: 'live_events_published_total', help: 'Live events emitted for the first time, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly emitted = new Counter({ name: 'live_events_emitted_total', help: 'Live events emitted by this instance (first sends and re-sends)', labelNames: ['instance', 'resent'], registers: [this.registry] });
  private readonly transitionLag = new Histogram({
    name: 'live_transition_lag_seconds',
    help: 'Emit time minus the time boundary the transition belongs to',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly duplicatesSuppressed = new Counter({
    name: 'live_duplicates_suppressed_total',
    help: 'Cards asked to be published whose change another publication had already committed',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly failures = new Counter({ name: 'live_stage_failures_total', help: 'Background live-stream steps that failed (repaired by reconcile)', labelNames: ['stage'], registers: [this.registry] });
  private readonly httpChildren = new Map<string, { observe(value: number): void }>();
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP latency by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({ name: 'scheduler_job_runs_total', help: 'Agenda job runs by job name and outcome', labelNames: ['job', 'outcome'], registers: [this.registry] });
  private readonly timeSyncs = new Counter({ name: 'realtime_time_sync_requests_total', help: 'time:sync requests answered', registers: [this.registry] });
  private readonly relayFilled = new Counter({ name: 'relay_filled_from_outbox_total', help: 'Changes this instance had missed (Redis dropped or cut) and read from the outbox', registers: [this.registry] });
  private readonly relayLate = new Counter({ name: 'relay_delivered_late_total', help: 'Changes sent after a later one because a gap could not be filled in time', registers: [this.registry] });
  private readonly replays = new Counter({ name: 'relay_replays_total', help: 'Replays answered from the ring or the outbox, or refused (resync)', labelNames: ['source'], registers: [this.registry] });
  private readonly slowConsumers = new Counter({ name: 'realtime_slow_consumer_disconnects_total', help: 'Sockets closed because more than SLOW_CONSUMER_MAX_BYTES were queued for them', registers: [this.registry] });
  private readonly statements = new Counter({ name: 'db_statements_total', help: "SQL statements this instance sent on the service's write and read pools (not Agenda's)", labelNames: ['pool'], registers: [this.registry] });
  private readonly relayFailures = new Counter({ name: 'relay_failures_total', help: 'Relay steps that failed (reading the outbox or the head) and are retried', registers: [this.registry] });

  constructor(private readonly options: TelemetryOptions) {
    const destination = options.format === 'pretty' ? prettyLines(options.destination, options.destination === undefined && process.stdout.isTTY === true) : options.destination;
    this.logger = pino({ level: options.logLevel, base: { instanceId: options.instanceId } }, destination);
    collectDefaultMetrics({ register: this.registry });
    const clock = options.clock;
    // The one default that tells a scraper which Node.js runs here (and so which CVEs apply).
    this.registry.removeSingleMetric('nodejs_version_info');
    const backlog = () => this.backlog;
    new Gauge({
      name: 'live_outbox_backlog',
      help: 'Outbox rows committed but not yet marked sent (as of the last refresh)',
      registers: [this.registry],
      collect() {
        const last = backlog();
        this.set(last === null ? 0 : last === 'unreadable' ? Number.NaN : last.count);
      },
    });
    new Gauge({
      name: 'live_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest unsent outbox row (0 when none), from the last refresh',
      registers: [this.registry],
      collect() {
        const last = backlog();
        const oldest = last === null || last === 'unreadable' ? null : last.oldestRecordedAt;
        // The age keeps growing between refreshes: it is computed at the scrape from the stored instant.
        this.set(oldest === null ? 0 : (clock.now() - oldest) / 1000);
      },
    });
    const sockets = () => this.socketsSource?.() ?? 0;
    new Gauge({
      name: 'realtime_connected_sockets',
      help: 'Socket.IO clients connected to this instance',
      registers: [this.registry],
      collect() {
        this.set(sockets());
      },
    });
    this.relayObserver = this.relayReports();
    this.observer = {
      emitted: (change, emittedAt, resent) => this.recordEmit(change, emittedAt, resent),
      duplicateSuppressed: (concertId, reason) => {
        this.duplicatesSuppressed.inc({ reason });
        this.logger.debug({ concertId, reason }, 'duplicate publication suppressed');
      },
      failed: (stage, error) => {
        this.failures.inc({ stage });
        this.logger.warn({ stage, err: error }, 'live stream step failed; reconcile will repair it');
      },
    };
  }

  private relayReports(): RelayObserver {
    return {
      filled: (count) => this.relayFilled.inc(count),
      deliveredLate: (count) => {
        this.relayLate.inc(count);
        this.logger.warn({ count }, 'changes sent past a gap the outbox could not fill; it is filled late');
      },
      replayed: (source) => this.replays.inc({ source }),
      failed: (error) => {
        this.relayFailures.inc();
        this.logger.warn({ err: error }, 'relay step failed; retried');
      },
    };
  }

  /** Reads the backlog now and every `everyMs` until stop(); scrapes report the last reading. */
  watchOutbox(source: () => Promise<OutboxBacklog>, everyMs: number): void {
    if (this.backlogRefresh) clearInterval(this.backlogRefresh);
    const refresh = () =>
      void source().then(
        (read) => (this.backlog = read),
        () => (this.backlog = 'unreadable'),
      );
    refresh();
    this.backlogRefresh = setInterval(refresh, everyMs);
    this.backlogRefresh.unref();
  }

  stop(): void {
    if (this.backlogRefresh) clearInterval(this.backlogRefresh);
    this.backlogRefresh = null;
  }

  watchSockets(source: () => number): void {
    this.socketsSource = source;
  }

  httpObserved(route: string, method: string, status: number, durationMs: number): void {
    // One labelled child per (route, method, status), kept: prom-client's observe(labels, v) builds a
    // label object and its hash on every call (~2 µs a request on the search bench). The keys are
    // route templates, HTTP methods and statuses, a small set; past the cap it observes uncached.
    const key = `${route} ${method} ${status}`;
    let child = this.httpChildren.get(key);
    if (child === undefined) {
      child = this.httpDuration.labels(route, method, String(status));
      if (this.httpChildren.size < HTTP_CHILDREN_MAX) this.httpChildren.set(key, child);
    }
    child.observe(durationMs / 1000);
  }

  jobRan(job: string, ok: boolean): void {
    this.jobRuns.inc({ job, outcome: ok ? 'ok' : 'failed' });
  }

  slowConsumerClosed(bytes: number): void {
    this.slowConsumers.inc();
    this.logger.info({ queuedBytes: bytes }, 'socket closed as a slow consumer (4008)');
  }

  databaseStatement(pool: 'write' | 'read'): void {
    this.statements.inc({ pool });
  }

  timeSyncAnswered(): void {
    this.timeSyncs.inc();
  }

  async metricsText(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private recordEmit(change: RecordedLiveChange, emittedAt: number, resent: boolean): void {
    if (!resent) this.published.inc({ reason: change.reason });
    this.emitted.inc({ instance: this.options.instanceId, resent: String(resent) });
    const lagMs = change.boundaryAt === null ? null : emittedAt - change.boundaryAt;
    if (lagMs !== null && !resent) this.transitionLag.observe(lagMs / 1000);
    this.logger.info(
      { seq: change.seq, reason: change.reason, concertIds: change.items.map((c) => c.id), removedIds: change.removedIds, lagMs, resent },
      'live event published',
    );
  }
}
