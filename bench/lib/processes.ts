// Child processes a benchmark starts: service instances (the built main.js) and bench-only helper
// servers. Every process started here is tracked, so a run stops exactly what it started — also
// when it fails or is interrupted — and nothing else.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { answers200, freePort } from '../../test/support/loopback.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';
const MAIN = fileURLToPath(new URL('../../src/bootstrap/main.js', import.meta.url));

export interface Started {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Started>();

// Last resort when the bench process dies without its cleanup (an uncaught error): never leave a
// started process behind. 'exit' handlers must be synchronous, so this only signals them.
process.once('exit', () => {
  for (const started of running) started.child.kill('SIGTERM');
});

/** Starts the built service as its own process and waits until /health/ready answers 200; nodeArgs (e.g. `--cpu-prof`) go to Node. */
export async function startInstance(name: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Started> {
  return startNode(name, MAIN, [], {
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    INSTANCE_ID: name,
    METRICS_PORT: 'off', // several instances on one machine; no bench reads the metrics
    RESERVATION_RATE_LIMIT_PER_MINUTE: '0', // load generators are one client
    ADMIN_AUTH_FAILURES_PER_MINUTE: '0',
    // Every bench client comes from loopback: the per-address cap (default 1 000) would refuse them.
    MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    // One PostgreSQL (max_connections 100) shared with other suites: small pools (overridable).
    DATABASE_POOL_SIZE: '4',
    AGENDA_POOL_SIZE: '3',
    ...env,
  }, '/health/ready', nodeArgs);
}

/** Starts `script` under this Node with PORT set; waits until `readyPath` answers 200. */
export async function startNode(name: string, script: string, args: string[], env: Record<string, string>, readyPath: string, nodeArgs: string[] = []): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started: Started = {
    name,
    pid: child.pid as number,
    port,
    baseUrl,
    child,
    output: () => output,
    stop: async () => {
      running.delete(started);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(started);
  const ready = await Promise.race([answers200(`${baseUrl}${readyPath}`, 60_000), exited.then(() => false)]);
  if (!ready) {
    await started.stop();
    throw new Error(`${name} did not become ready:\n${output}`);
  }
  return started;
}

/** Stops every process this run started (in parallel). */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((p) => p.stop()));
}

/** Makes Ctrl-C / SIGTERM stop the started processes before exiting. */
export function stopAllOnSignals(cleanup: () => Promise<void> = async () => undefined): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([stopAll(), cleanup()]).then(() => process.exit(130));
    });
  }
}

export function adminHeaders(): Record<string, string> {
  return { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' };
}
