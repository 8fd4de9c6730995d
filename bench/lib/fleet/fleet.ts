// Client load in child processes, for any benchmark: N clients of one kind (`lean` by default, or
// `socket.io-client` as the control) spread over W worker processes (fleet-worker.ts) and over the
// given instance URLs (client i -> urls[i % urls.length]); what each message leaves behind is the
// recorder module's business (recorder.ts; built-ins in RECORDERS).
//
//   const fleet = startFleet({ urls, clients: 10_000, recorder: { module: RECORDERS.delivery } });
//   await fleet.connect();              // every client has tried once
//   await fleet.stats();                // per worker: messages so far, CPU seconds, RSS
//   await fleet.command('emitWithAck', {event: 'cards:watch', args}); // to each recorder.command()
//   const results = await fleet.finish(); // sockets closed, one recorder result per worker
//
// A bench that pushes the fleet into its BenchRun gets it terminated on any exit.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from '../proc-stats.js';
import { raiseFileLimit } from '../limits.js';
import type { ReconnectPolicy } from './clients.js';
import type { ConnectSummary, WorkerCounters, WorkerInput } from './fleet-worker.js';
import type { ClientKind } from './recorder.js';

const WORKER = fileURLToPath(new URL('./fleet-worker.js', import.meta.url));
/** Sockets per worker when `workers` is not given: well inside the 20 000-descriptor default. */
const DEFAULT_PER_WORKER = 5_000;

export const RECORDERS = {
  /** Per refresh item: client, concert, version, seq, receipt time, status (delivery.ts reads it). */
  delivery: fileURLToPath(new URL('./recorders/delivery-recorder.js', import.meta.url)),
  /** Message counts only, nothing decoded: idle sockets, memory, raw throughput. */
  count: fileURLToPath(new URL('./recorders/count-recorder.js', import.meta.url)),
  /** Connection history, and the `emitWithAck` command (e.g. `cards:watch` to every client). */
  probe: fileURLToPath(new URL('./recorders/probe-recorder.js', import.meta.url)),
  /** Server-clock estimate, announced flip and push receipt per client and card (bench:opening). */
  opening: fileURLToPath(new URL('./recorders/opening-recorder.js', import.meta.url)),
  /** Stream position, replay or snapshot after a reconnect, per-seq receipt (bench:reconnect). */
  reconnect: fileURLToPath(new URL('./recorders/reconnect-recorder.js', import.meta.url)),
  /** Events and bytes per client, own cards vs others vs catalogue notices (bench:opening). */
  traffic: fileURLToPath(new URL('./recorders/traffic-recorder.js', import.meta.url)),
} as const;

export interface FleetOptions<O = unknown> {
  readonly kind?: ClientKind;
  readonly urls: readonly string[];
  readonly clients: number;
  readonly workers?: number;
  /** Global index of the first client (so two fleets on one system have distinct client ids). */
  readonly firstClient?: number;
  readonly namespace?: string;
  readonly recorder: { readonly module: string; readonly options?: O };
  /** Source addresses to bind, client i -> localAddresses[i % n] (past ~28k sockets per port). */
  readonly localAddresses?: readonly string[];
  readonly connectConcurrency?: number;
  /** After a connected socket drops. Default: none (a drop is counted, the socket stays down). */
  readonly reconnect?: ReconnectPolicy | null;
  readonly auth?: unknown;
  readonly handshakeTimeoutMs?: number;
  /** RLIMIT_NOFILE for each worker (prlimit; needs root). Default: inherited. */
  readonly fileLimit?: number;
  /** For reports. Default: the kind. */
  readonly label?: string;
  /** Another worker module speaking the same IPC (e.g. the chaos soak's reference clients). Default: fleet-worker.js. */
  readonly worker?: string;
}

export interface WorkerStats extends WorkerCounters {
  /** User + system CPU seconds the worker has used so far (/proc/<pid>/stat). */
  readonly cpuSeconds: number;
}

export interface Fleet<R = unknown> {
  readonly kind: ClientKind;
  readonly label: string;
  readonly clients: number;
  connect(): Promise<ConnectSummary>;
  stats(): Promise<WorkerStats[]>;
  command<T = unknown>(name: string, args?: unknown): Promise<T[]>;
  finish(): Promise<R[]>;
  terminate(): Promise<void>;
  pids(): number[];
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

class WorkerLink {
  readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly ready: Promise<unknown>;

  constructor(input: WorkerInput, fileLimit: number | undefined, worker = WORKER) {
    this.child = fork(worker, [], { env: { ...process.env, FLEET_INPUT: JSON.stringify(input) }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    if (fileLimit !== undefined && !raiseFileLimit(this.child.pid as number, fileLimit)) {
      process.stdout.write(`  (could not raise the file limit of client process ${this.child.pid} to ${fileLimit}: prlimit refused (CAP_SYS_RESOURCE?))\n`);
    }
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject }));
    this.child.on('message', (reply: { id: number; value?: unknown; error?: string }) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(`client process ${this.child.pid}: ${reply.error}`));
      else waiting.resolve(reply.value);
    });
    this.child.once('exit', (code, signal) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`client process ${this.child.pid} exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  async ask<T>(cmd: string, extra: Record<string, unknown> = {}): Promise<T> {
    await this.ready;
    const id = this.nextId;
    this.nextId += 1;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, cmd, ...extra });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }
}

export function startFleet<R = unknown, O = unknown>(options: FleetOptions<O>): Fleet<R> {
  const kind = options.kind ?? 'lean';
  const workers = Math.max(1, options.workers ?? Math.ceil(options.clients / DEFAULT_PER_WORKER));
  const per = Math.ceil(options.clients / workers);
  const links: WorkerLink[] = [];
  for (let w = 0; w < workers; w += 1) {
    const clients = Math.max(0, Math.min(per, options.clients - w * per));
    if (clients === 0) break;
    const input: WorkerInput = {
      kind,
      urls: options.urls,
      namespace: options.namespace ?? '/concerts',
      localAddresses: options.localAddresses,
      auth: options.auth,
      reconnect: options.reconnect ?? null,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      firstClient: (options.firstClient ?? 0) + w * per,
      clients,
      recorder: options.recorder,
      connectConcurrency: options.connectConcurrency ?? 50,
    };
    links.push(new WorkerLink(input, options.fileLimit, options.worker));
  }
  const all = <T>(cmd: string, extra?: Record<string, unknown>) => Promise.all(links.map((link) => link.ask<T>(cmd, extra)));
  return {
    kind,
    label: options.label ?? kind,
    clients: options.clients,
    connect: async () => {
      const replies = await all<ConnectSummary>('connect');
      const errors: Record<string, number> = {};
      for (const r of replies) for (const [message, n] of Object.entries(r.errors)) errors[message] = (errors[message] ?? 0) + n;
      return {
        connected: replies.reduce((sum, r) => sum + r.connected, 0),
        failed: replies.reduce((sum, r) => sum + r.failed, 0),
        errors,
        ms: Math.max(0, ...replies.map((r) => r.ms)),
      };
    },
    stats: async () => (await all<WorkerCounters>('stats')).map((c) => ({ ...c, cpuSeconds: cpuSeconds(c.pid) })),
    command: <T>(name: string, args?: unknown) => all<T>('command', { name, args }),
    finish: async () => {
      const results = await all<R>('finish');
      await Promise.all(links.map((link) => link.stop()));
      return results;
    },
    terminate: async () => {
      await Promise.all(links.map((link) => link.stop()));
    },
    pids: () => links.map((link) => link.child.pid as number),
  };
}

/** Sums per-worker stats (CPU seconds, messages, …) of one or more fleets. */
export function totalStats(stats: readonly WorkerStats[]): { cpuSeconds: number; messages: number; open: number; clients: number; rssKb: number; decodeFallbacks: number; disconnects: number; reconnects: number } {
  const sum = (pick: (s: WorkerStats) => number) => stats.reduce((total, s) => total + pick(s), 0);
  return {
    cpuSeconds: sum((s) => s.cpuSeconds),
    messages: sum((s) => s.messages),
    open: sum((s) => s.open),
    clients: sum((s) => s.clients),
    rssKb: sum((s) => s.rssKb),
    decodeFallbacks: sum((s) => s.decodeFallbacks),
    disconnects: sum((s) => s.disconnects),
    reconnects: sum((s) => s.reconnects),
  };
}
