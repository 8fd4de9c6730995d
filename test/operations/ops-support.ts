// What the operations suite shares: a cluster of real service processes on one throw-away database
// (optionally behind TCP proxies), reading Prometheus text, raw Socket.IO clients, and a table of
// the figures each fault test measured, printed so docs/operations.md can quote them.

import { io, type Socket } from 'socket.io-client';
import type { HeartbeatEvent, RefreshEvent, SearchResponse } from '../../src/contract/wire.js';
import { json, metricsHeaders, spawnServiceProcess, uniquePrefix, type ServiceProcess } from '../support/service-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** Settings every fault test uses, so reconcile and heartbeats act within test time. */
// METRICS_REFRESH_MS: the outbox gauges these tests watch are read that often (5 s by default).
export const FAST_LOOPS = { RECONCILE_EVERY_MS: '500', HEARTBEAT_EVERY_MS: '1000', SHUTDOWN_TIMEOUT_MS: '15000', METRICS_REFRESH_MS: '200' } as const;

export interface Cluster {
  readonly database: TestDatabase;
  readonly redisKeyPrefix: string;
  readonly instances: ServiceProcess[];
  /** Stops every instance still running (SIGTERM, then SIGKILL after 5 s) and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts `count` instances on one fresh database, in parallel. `envFor(i)` adds per-instance
 * variables (e.g. a DATABASE_URL or REDIS_URL through a proxy).
 */
export async function startCluster(count: number, envFor: (index: number, database: TestDatabase) => Record<string, string>, name = 'ops'): Promise<Cluster> {
  const database = await createTestDatabase();
  const redisKeyPrefix = uniquePrefix();
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      spawnServiceProcess(`${name}-${i}`, { DATABASE_URL: database.url, REDIS_KEY_PREFIX: redisKeyPrefix, ...FAST_LOOPS, ...envFor(i, database) }),
    ),
  );
  const instances = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(instances.map((instance) => stopProcess(instance)));
    await database.drop();
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  return { database, redisKeyPrefix, instances, stop };
}

export async function stopProcess(instance: ServiceProcess): Promise<number | null> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return instance.child.exitCode;
  instance.kill('SIGTERM');
  const forced = setTimeout(() => instance.kill('SIGKILL'), 5_000);
  try {
    return await instance.exited;
  } finally {
    clearTimeout(forced);
  }
}

export function isRunning(instance: ServiceProcess): boolean {
  return instance.child.exitCode === null && instance.child.signalCode === null;
}

// ---- Prometheus text ----

export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: metricsHeaders() });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** Sum of the samples of `name` whose labels include every given label (NaN when none match). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = parseLabels(match[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      sum += Number(match[3]);
      found = true;
    }
  }
  return found ? sum : Number.NaN;
}

/** Every distinct value of `label` among the samples of `name`. */
export function labelValues(text: string, name: string, label: string): string[] {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\}\s+\S+$/.exec(line);
    if (!match || match[1] !== name) continue;
    const value = parseLabels(match[2] ?? '')[label];
    if (value !== undefined) values.add(value);
  }
  return [...values];
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]!] = match[2]!.replace(/\\(.)/g, '$1');
  return labels;
}

// ---- raw Socket.IO clients ----

export interface RawClient {
  readonly socket: Socket;
  readonly refreshes: RefreshEvent[];
  readonly heartbeats: HeartbeatEvent[];
}

/** A websocket-only client of `/concerts` on its own connection that records what it receives. */
export function rawClient(baseUrl: string, options: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {}): RawClient {
  const socket = io(`${baseUrl}/concerts`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
  });
  const client: RawClient = { socket, refreshes: [], heartbeats: [] };
  socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => client.refreshes.push(event));
  socket.on('CONCERTS_HEARTBEAT', (beat: HeartbeatEvent) => client.heartbeats.push(beat));
  return client;
}

/** Resolves on `connect`, rejects with the server's refusal on `connect_error`. */
export function connected(socket: Socket, timeoutMs = 5_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The stream's latest committed seq as a snapshot reports it. */
export async function snapshotSeq(baseUrl: string): Promise<number> {
  return (await json<SearchResponse>(await fetch(`${baseUrl}/api/concerts/search?size=1`))).seq;
}

/** A fetch that never throws: network failures come back as status 0. */
export async function tryFetch(url: string, init: RequestInit = {}, timeoutMs = 8_000): Promise<{ status: number; body: string; contentType: string; ms: number }> {
  const started = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '', ms: Date.now() - started };
  } catch {
    return { status: 0, body: '', contentType: '', ms: Date.now() - started };
  }
}

// ---- measured figures ----

/** One line per measured figure, prefixed so it is easy to find in the test output. */
export function report(test: string, figures: Record<string, number | string>): void {
  const parts = Object.entries(figures).map(([key, value]) => `${key}=${typeof value === 'number' ? Math.round(value) : value}`);
  console.log(`      [ops figures] ${test}: ${parts.join(', ')}`);
}
