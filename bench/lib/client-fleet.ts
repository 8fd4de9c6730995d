// Client load in worker threads: N Socket.IO clients spread over W workers and over the given
// instance URLs (client i -> urls[i % urls.length]). connect() resolves when all have tried;
// finish() closes them and gathers what each worker recorded.

import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerResult } from '../live-client-worker.js';

const WORKER = new URL('../live-client-worker.js', import.meta.url);

export interface Fleet {
  connect(): Promise<{ connected: number; failed: number }>;
  finish(): Promise<WorkerResult[]>;
  terminate(): Promise<void>;
}

export function startFleet(options: Omit<WorkerInput, 'firstClient' | 'clients'> & { clients: number; workers: number }): Fleet {
  const workers: Worker[] = [];
  const per = Math.ceil(options.clients / options.workers);
  for (let w = 0; w < options.workers; w += 1) {
    const firstClient = w * per;
    const clients = Math.max(0, Math.min(per, options.clients - firstClient));
    if (clients === 0) break;
    const input: WorkerInput = { ...options, firstClient, clients };
    workers.push(new Worker(WORKER, { workerData: input }));
  }
  const ask = <T>(worker: Worker, cmd: string, type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message as T);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.postMessage({ cmd });
    });
  return {
    connect: async () => {
      const replies = await Promise.all(workers.map((w) => ask<{ connected: number; failed: number }>(w, 'connect', 'connected')));
      return replies.reduce((sum, r) => ({ connected: sum.connected + r.connected, failed: sum.failed + r.failed }), { connected: 0, failed: 0 });
    },
    finish: async () => {
      const results = await Promise.all(workers.map((w) => ask<WorkerResult>(w, 'finish', 'result')));
      await Promise.all(workers.map((w) => w.terminate()));
      return results;
    },
    terminate: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
