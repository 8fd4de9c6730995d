// One client process of a fleet (fleet.ts forks it): holds its share of the clients, of one kind,
// feeds every message to the recorder module it was given, and answers the bench process over IPC.
// A process, not a worker thread: each has its own file-descriptor limit and its own CPU figure in
// /proc, which is how the bench tells what the clients cost.
//
// IPC (advanced serialization; every request carries an id, answered once):
//   {id, cmd: 'connect'}             -> {id, value: ConnectSummary}
//   {id, cmd: 'stats'}               -> {id, value: WorkerCounters}
//   {id, cmd: 'command', name, args} -> {id, value: recorder.command(...)}   (awaited)
//   {id, cmd: 'finish'}              -> {id, value: recorder.result()}      (sockets closed first)
//   errors                           -> {id, error: message}

import { pathToFileURL } from 'node:url';
import { createClient, type ClientSpec, type ManagedClient, type WorkerHooks } from './clients.js';
import type { Recorder, RecorderFactory } from './recorder.js';

export interface WorkerInput extends ClientSpec {
  readonly firstClient: number;
  readonly clients: number;
  readonly recorder: { readonly module: string; readonly options?: unknown };
  /** Handshakes in flight at once while connecting. */
  readonly connectConcurrency: number;
}

export interface ConnectSummary {
  readonly connected: number;
  readonly failed: number;
  /** Connect error message -> how many clients got it. */
  readonly errors: Record<string, number>;
  readonly ms: number;
}

export interface WorkerCounters {
  readonly pid: number;
  readonly clients: number;
  readonly open: number;
  readonly messages: number;
  readonly decodeFallbacks: number;
  readonly reconnects: number;
  readonly disconnects: number;
  readonly rssKb: number;
}

interface Request {
  readonly id: number;
  readonly cmd: 'connect' | 'stats' | 'command' | 'finish';
  readonly name?: string;
  readonly args?: unknown;
}

const input = JSON.parse(process.env.FLEET_INPUT as string) as WorkerInput;
// The bench process went away (crash, kill): leave with it.
process.on('disconnect', () => process.exit(0));

const factory = ((await import(pathToFileURL(input.recorder.module).href)) as { createRecorder: RecorderFactory }).createRecorder;
const recorder: Recorder = factory(input.recorder.options, { kind: input.kind, firstClient: input.firstClient, clients: input.clients });

let messages = 0;
let decodeFallbacks = 0;
let reconnects = 0;
let disconnects = 0;
let open = 0;
let finishing = false;

const hooks: WorkerHooks = {
  decodes: recorder.decodes,
  connected: (client, reconnect) => {
    open += 1;
    if (reconnect) reconnects += 1;
    recorder.onConnect?.(client);
  },
  message: (client, message, receivedAt) => {
    messages += 1;
    recorder.onMessage(client, message, receivedAt);
  },
  disconnected: (client, reason) => {
    open -= 1;
    if (finishing) return;
    disconnects += 1;
    recorder.onDisconnect?.(client, reason);
  },
  fallback: () => {
    decodeFallbacks += 1;
  },
};

const clients: ManagedClient[] = Array.from({ length: input.clients }, (_, k) => createClient(input, input.firstClient + k, hooks));

// Lean sockets have no timer each: one sweep closes those whose server went silent (ping timeout).
const sweep = setInterval(() => {
  const now = Date.now();
  for (const client of clients) client.checkAlive(now);
}, 5_000);
sweep.unref();

async function connectAll(): Promise<ConnectSummary> {
  const started = Date.now();
  let next = 0;
  let connected = 0;
  let failed = 0;
  const errors: Record<string, number> = {};
  const lane = async () => {
    while (next < clients.length) {
      const client = clients[next] as ManagedClient;
      next += 1;
      const outcome = await client.start();
      if (outcome === true) connected += 1;
      else {
        failed += 1;
        errors[outcome] = (errors[outcome] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.connectConcurrency) }, lane));
  return { connected, failed, errors, ms: Date.now() - started };
}

function counters(): WorkerCounters {
  return { pid: process.pid, clients: clients.length, open, messages, decodeFallbacks, reconnects, disconnects, rssKb: Math.round(process.memoryUsage.rss() / 1024) };
}

async function handle(request: Request): Promise<unknown> {
  switch (request.cmd) {
    case 'connect':
      return connectAll();
    case 'stats':
      return counters();
    case 'command':
      if (!recorder.command) throw new Error(`recorder ${input.recorder.module} takes no commands`);
      return await recorder.command(request.name as string, request.args, clients);
    case 'finish':
      finishing = true;
      clearInterval(sweep);
      for (const client of clients) client.close();
      return recorder.result();
  }
}

process.on('message', (request: Request) => {
  handle(request).then(
    (value) => process.send?.({ id: request.id, value }),
    (error: unknown) => process.send?.({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send?.({ id: 0, value: 'ready' });
