// Configuration from the environment (CONTRACT.md, "Configuration"), validated before anything
// starts: every bad variable is reported on its own line, and nothing starts half-configured.

import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { z } from 'zod';
import { POLL_INTERVAL_MAX_MS, POLL_INTERVAL_MIN_MS, REALTIME_MODES, type RealtimeMode } from '../domain/realtime/realtime-mode.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly redisKeyPrefix: string;
  readonly realtimeMode: RealtimeMode;
  readonly hybridPollIntervalMs: number;
  readonly adminToken: string | null;
  readonly agendaMongoUrl: string | null;
  readonly instanceId: string;
  readonly demoSeed: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty` (a human line each) when LOG_FORMAT says so or, unset, when stdout is a terminal; else `json`. */
  readonly logFormat: 'json' | 'pretty';
  readonly corsOrigins: readonly string[];
  readonly inventoryCoalesceMs: number;
  readonly snapshotMaxAgeMs: number;
  readonly searchCacheMaxBytes: number;
  readonly reconcileEveryMs: number;
  readonly heartbeatEveryMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly socketJoinTimeoutMs: number;
  readonly replayRingEvents: number;
  readonly replayRingBytes: number;
  readonly slowConsumerMaxBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly serveSourceMaps: boolean;
  readonly idempotencyKeyRetentionMs: number;
  /** Proxies whose X-Forwarded-For is believed (its last entry). */
  readonly trustedProxies: readonly string[];
  /** Per client per minute, 0 = no limit. */
  readonly reservationRateLimitPerMinute: number;
  readonly adminAuthFailuresPerMinute: number;
  /** Port of the metrics listener; null: none (metrics only on the API port, with metricsToken). */
  readonly metricsPort: number | null;
  readonly metricsHost: string;
  /** Set: `/metrics` also on the API port, behind `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  /** How often the database-derived gauges are read. */
  readonly metricsRefreshMs: number;
  /** The service's PostgreSQL session timeouts, ms (0 = none). */
  readonly databaseTimeouts: { readonly statementMs: number; readonly lockMs: number; readonly idleInTransactionMs: number };
  /** Connections in each of the service's two PostgreSQL pools (writes, plain reads). */
  readonly databasePoolSize: number;
  /** Connections in Agenda's PostgreSQL pool (one is held for LISTEN). */
  readonly agendaPoolSize: number;
}

const url = (protocols: readonly string[]) =>
  z.string().refine((value) => {
    try {
      const parsed = new URL(value);
      return protocols.includes(parsed.protocol) && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')} and a host`);

/** An origin as browsers send it: lower-case host, no default port; null when `text` is not one. */
function originOf(text: string): string | null {
  try {
    const parsed = new URL(text);
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username) return null;
    return /^https?:\/\/[^/\s]+\/?$/i.test(text) ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Variables whose values may hold a password or are one: never echoed in an error line. */
const SECRET_VARIABLES = new Set(['ADMIN_TOKEN', 'METRICS_TOKEN', 'DATABASE_URL', 'REDIS_URL', 'AGENDA_MONGO_URL']);

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number between ${min} and ${max}`);

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const host = z
  .string()
  .refine((v) => isIP(v) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(v), 'must be an IP address or a host name');

const bearerToken = z
  .string()
  .regex(/^[\x21-\x7E]{16,}$/, 'must be at least 16 printable ASCII characters with no spaces (it is sent as "Authorization: Bearer <token>")');

const schema = z.object({
  PORT: integer(0, 65_535).default(8080),
  HOST: host.default('127.0.0.1'),
  METRICS_PORT: z
    .string()
    .refine((v) => v === 'off' || (/^\d+$/.test(v) && Number(v) <= 65_535), 'must be a port number from 0 to 65535, or off')
    .transform((v) => (v === 'off' ? null : Number(v)))
    .default(9464),
  METRICS_HOST: host.optional(),
  METRICS_TOKEN: bearerToken.optional(),
  METRICS_REFRESH_MS: integer(100, 600_000).default(5_000),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, 'must be 1-64 letters, digits or _:.-').default('concert-cards'),
  REALTIME_MODE: z.enum(REALTIME_MODES, { error: `must be one of ${REALTIME_MODES.join(', ')}` }).default('websocket'),
  HYBRID_POLL_INTERVAL_MS: integer(POLL_INTERVAL_MIN_MS, POLL_INTERVAL_MAX_MS).default(30_000),
  ADMIN_TOKEN: bearerToken.optional(),
  AGENDA_MONGO_URL: url(['mongodb:', 'mongodb+srv:']).optional(),
  INSTANCE_ID: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits or _.-').optional(),
  DEMO_SEED: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean).map((o) => originOf(o) ?? o))
    .refine((origins) => origins.every((o) => originOf(o) === o), 'must be a comma-separated list of origins like https://tickets.example'),
  INVENTORY_COALESCE_MS: integer(0, 10_000).default(250),
  SNAPSHOT_MAX_AGE_MS: integer(0, 5_000).default(250),
  SEARCH_CACHE_MAX_BYTES: integer(0, 1_073_741_824).default(16_777_216),
  RECONCILE_EVERY_MS: integer(500, 600_000).default(2_000),
  HEARTBEAT_EVERY_MS: integer(100, 600_000).default(15_000),
  MAX_CONNECTIONS: integer(1, 1_000_000).default(50_000),
  MAX_CONNECTIONS_PER_ADDRESS: integer(1, 1_000_000).default(1_000),
  SOCKET_JOIN_TIMEOUT_MS: integer(100, 60_000).default(5_000),
  REPLAY_RING_EVENTS: integer(0, 1_000_000).default(10_000),
  REPLAY_RING_BYTES: integer(0, 1_073_741_824).default(33_554_432),
  SLOW_CONSUMER_MAX_BYTES: integer(16_384, 1_073_741_824).default(524_288),
  SHUTDOWN_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  SERVE_SOURCE_MAPS: flag.default(false),
  IDEMPOTENCY_KEY_RETENTION_MS: integer(60_000, 2_592_000_000).default(86_400_000),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((addresses) => addresses.every((a) => isIP(a) !== 0), 'must be a comma-separated list of IP addresses (the load balancers in front of this instance)'),
  RESERVATION_RATE_LIMIT_PER_MINUTE: integer(0, 1_000_000).default(30),
  ADMIN_AUTH_FAILURES_PER_MINUTE: integer(0, 1_000_000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(0, 3_600_000).default(5_000),
  DATABASE_LOCK_TIMEOUT_MS: integer(0, 3_600_000).default(2_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: integer(0, 3_600_000).default(10_000),
  DATABASE_POOL_SIZE: integer(2, 1_000).default(10),
  AGENDA_POOL_SIZE: integer(2, 1_000).default(10),
});

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
  }
}

/**
 * Reads the configuration; throws ConfigError with one line per bad variable. `stdoutIsTerminal`
 * decides the log format when LOG_FORMAT is unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = process.stdout.isTTY === true): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const got = SECRET_VARIABLES.has(name) ? 'value not shown' : `got ${JSON.stringify(present[name])}`;
        return `${name}: ${issue.message} (${got})`;
      }),
    );
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? null;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    realtimeMode: e.REALTIME_MODE,
    hybridPollIntervalMs: e.HYBRID_POLL_INTERVAL_MS,
    adminToken: e.ADMIN_TOKEN ?? null,
    agendaMongoUrl: e.AGENDA_MONGO_URL ?? null,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    demoSeed: e.DEMO_SEED ?? databaseUrl === null,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (stdoutIsTerminal ? 'pretty' : 'json'),
    corsOrigins: e.CORS_ORIGINS,
    inventoryCoalesceMs: e.INVENTORY_COALESCE_MS,
    snapshotMaxAgeMs: e.SNAPSHOT_MAX_AGE_MS,
    searchCacheMaxBytes: e.SEARCH_CACHE_MAX_BYTES,
    reconcileEveryMs: e.RECONCILE_EVERY_MS,
    heartbeatEveryMs: e.HEARTBEAT_EVERY_MS,
    maxConnections: e.MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    socketJoinTimeoutMs: e.SOCKET_JOIN_TIMEOUT_MS,
    replayRingEvents: e.REPLAY_RING_EVENTS,
    replayRingBytes: e.REPLAY_RING_BYTES,
    slowConsumerMaxBytes: e.SLOW_CONSUMER_MAX_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    serveSourceMaps: e.SERVE_SOURCE_MAPS,
    idempotencyKeyRetentionMs: e.IDEMPOTENCY_KEY_RETENTION_MS,
    trustedProxies: e.TRUSTED_PROXIES,
    reservationRateLimitPerMinute: e.RESERVATION_RATE_LIMIT_PER_MINUTE,
    adminAuthFailuresPerMinute: e.ADMIN_AUTH_FAILURES_PER_MINUTE,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST ?? e.HOST,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsRefreshMs: e.METRICS_REFRESH_MS,
    databaseTimeouts: {
      statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      lockMs: e.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    databasePoolSize: e.DATABASE_POOL_SIZE,
    agendaPoolSize: e.AGENDA_POOL_SIZE,
  };
}
