// Boots the real service for tests: in-process through the composition root (startService, with
// an optional clock override), or as separate OS processes (the built main.js) for multi-instance
// and fault tests. Each harness gets its own database and Redis key prefix.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/bootstrap/config.js';
import { startService, type RunningService } from '../../src/bootstrap/service.js';
import type { Clock } from '../../src/application/ports/clock.js';
import { answers200, freePort } from './loopback.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
/** Test instances serve /metrics on their API port behind this token (METRICS_PORT off), so many can run at once. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MAIN = fileURLToPath(new URL('../../src/bootstrap/main.js', import.meta.url));

export interface InProcessService {
  readonly service: RunningService;
  readonly baseUrl: string;
  readonly database: TestDatabase;
  stop(): Promise<void>;
}

/** Starts one instance in this process on a fresh database. */
export async function startTestService(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<InProcessService> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    DEMO_SEED: 'false',
    INSTANCE_ID: `test-${process.pid}`,
    REDIS_KEY_PREFIX: uniquePrefix(),
    METRICS_PORT: 'off',
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    // Tests drive many requests from one address; the limits' own tests turn them on.
    RESERVATION_RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_AUTH_FAILURES_PER_MINUTE: '0',
    ...options.env,
  });
  const service = await startService(config, options.clock ? { clock: options.clock } : {}).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    service,
    baseUrl: service.url,
    database,
    stop: async () => {
      try {
        await service.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

export function uniquePrefix(): string {
  return `cards-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts the built service as a separate process and waits until /health/ready answers 200. It
 * listens on `env.PORT` when given (a replacement can take a killed instance's address), else on
 * a free port.
 */
export async function spawnServiceProcess(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
      INSTANCE_ID: name,
      METRICS_PORT: 'off',
      METRICS_TOKEN: TEST_METRICS_TOKEN,
      RESERVATION_RATE_LIMIT_PER_MINUTE: '0',
      ADMIN_AUTH_FAILURES_PER_MINUTE: '0',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([waitForReady(baseUrl, 30_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`instance ${name} did not become ready:\n${output}`);
  }
  return { name, port, baseUrl, child, output: () => output, exited, kill: (signal = 'SIGTERM') => void child.kill(signal) };
}

export function waitForReady(baseUrl: string, timeoutMs: number): Promise<boolean> {
  return answers200(`${baseUrl}/health/ready`, timeoutMs);
}

export function metricsHeaders(): Record<string, string> {
  return { authorization: `Bearer ${TEST_METRICS_TOKEN}` };
}

export function adminHeaders(): Record<string, string> {
  return { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Creates a concert through the admin API and returns its card. */
export async function createConcert(baseUrl: string, body: Record<string, unknown>): Promise<{ id: number; [key: string]: unknown }> {
  const response = await fetch(`${baseUrl}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`create failed ${response.status}: ${await response.text()}`);
  return (await json<{ card: { id: number } }>(response)).card;
}
