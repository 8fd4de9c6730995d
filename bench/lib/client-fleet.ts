// Client load in child processes: N Socket.IO clients spread over W processes and over the given
// instance URLs (client i -> urls[i % urls.length]). connect() resolves when all have tried;
// finish() closes them and gathers what each worker recorded.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerInput, WorkerResult } from '../live-client-worker.js';

const WORKER = fileURLToPath(new URL('../live-client-worker.js', import.meta.url));

export interface Fleet {
  connect(): Promise<{ connected: number; failed: number }>;
  finish(): Promise<WorkerResult[]>;
  terminate(): Promise<void>;
  /** Process ids of the client processes. */
  pids(): number[];
}

export function startFleet(options: Omit<WorkerInput, 'firstClient' | 'clients'> & { clients: number; workers: number }): Fleet {
  const workers: ChildProcess[] = [];
  const per = Math.ceil(options.clients / options.workers);
  for (let w = 0; w < options.workers; w += 1) {
    const firstClient = w * per;
    const clients = Math.max(0, Math.min(per, options.clients - firstClient));
    if (clients === 0) break;
    const input: WorkerInput = { ...options, firstClient, clients };
    workers.push(fork(WORKER, [], { env: { ...process.env, FLEET_INPUT: JSON.stringify(input) }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  const ask = <T>(worker: ChildProcess, cmd: string, type: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`client process exited (${code}) before answering ${cmd}`));
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(message as T);
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.send({ cmd });
    });
  const stop = (worker: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
      worker.once('exit', () => resolve());
      worker.kill('SIGKILL');
    });
  return {
    connect: async () => {
      const replies = await Promise.all(workers.map((w) => ask<{ connected: number; failed: number }>(w, 'connect', 'connected')));
      return replies.reduce((sum, r) => ({ connected: sum.connected + r.connected, failed: sum.failed + r.failed }), { connected: 0, failed: 0 });
    },
    finish: async () => {
      const results = await Promise.all(workers.map((w) => ask<WorkerResult>(w, 'finish', 'result')));
      await Promise.all(workers.map(stop));
      return results;
    },
    pids: () => workers.map((w) => w.pid as number),
    terminate: async () => {
      await Promise.all(workers.map(stop));
    },
  };
}
