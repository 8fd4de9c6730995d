// The frame every benchmark script runs in: a fresh database, the client fleets it starts, and one
// cleanup (fleets, started processes, database) on success, failure, Ctrl-C or SIGTERM.

import type { Fleet } from './fleet/fleet.js';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { startInstance, stopAll, stopAllOnSignals, type Started } from './processes.js';

export interface BenchRun {
  readonly database: BenchDatabase;
  /** Fleets pushed here are terminated by the cleanup. */
  readonly fleets: Fleet[];
}

export async function benchRun(body: (run: BenchRun) => Promise<void>): Promise<void> {
  const database = await createBenchDatabase();
  const fleets: Fleet[] = [];
  const cleanup = async () => {
    await Promise.allSettled(fleets.map((fleet) => fleet.terminate()));
    await stopAll();
    await database.drop().catch(() => undefined);
  };
  stopAllOnSignals(cleanup);
  try {
    await body({ database, fleets });
  } finally {
    await cleanup();
  }
}

/** Starts `count` service instances sharing `env`: the first alone (it migrates), then the rest together. */
export async function startInstances(label: string, count: number, env: Record<string, string>): Promise<Started[]> {
  const first = await startInstance(`${label}-1`, env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startInstance(`${label}-${i + 2}`, env)));
  return [first, ...rest];
}
