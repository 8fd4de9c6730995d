// Injects one planned fault into the cluster, takes it away, and measures the recovery: the time
// from the heal until every instance answers /health/ready again, and until every socket client of
// the fleet has applied the stream head as it stood at the heal. Returns the fault's record.

import type pg from 'pg';
import { RECORDERS, startFleet, type Fleet } from '../lib/fleet/fleet.js';
import type { Cluster } from './cluster.js';
import type { ClientKind, FaultRecord, PlannedFault } from './history.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RECOVERY_WAIT_MS = 30_000;

export interface FaultContext {
  readonly cluster: Cluster;
  readonly soak: Fleet;
  readonly db: pg.Client;
  readonly bursts: { t: number; connected: number; failed: number }[];
}

export async function streamHead(db: pg.Client): Promise<number> {
  const result = await db.query<{ head: string | null }>('select max(seq) as head from live_event');
  return Number(result.rows[0]?.head ?? 0);
}

async function allReady(cluster: Cluster): Promise<boolean> {
  const answers = await Promise.all(
    cluster.nodes.map(async (node) => {
      try {
        const response = await fetch(`${node.baseUrl}/health/ready`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        return response.status === 200;
      } catch {
        return false;
      }
    }),
  );
  return answers.every(Boolean);
}

/** Clients whose seq follows the whole stream (few-ids clients see only their cards' changes). */
const FOLLOWS_STREAM: ReadonlySet<ClientKind> = new Set(['all', 'all-store', 'view']);

async function allCurrent(soak: Fleet, head: number): Promise<boolean> {
  const replies = await soak.command<{ kind: ClientKind; seq: number }[]>('seqs');
  return replies.flat().every((client) => !FOLLOWS_STREAM.has(client.kind) || client.seq >= head);
}

async function measure(probe: () => Promise<boolean>, from: number): Promise<number | null> {
  while (Date.now() - from < RECOVERY_WAIT_MS) {
    if (await probe().catch(() => false)) return Date.now() - from;
    await sleep(100);
  }
  return null;
}

async function inject(fault: PlannedFault, context: FaultContext): Promise<void> {
  const { cluster } = context;
  const targets = fault.target === 'all' ? cluster.nodes : [cluster.nodes[fault.target]!];
  const index = fault.target === 'all' ? 0 : fault.target;
  switch (fault.kind) {
    case 'kill9':
    case 'sigterm': {
      cluster.signal(index, fault.kind === 'kill9' ? 'SIGKILL' : 'SIGTERM');
      await cluster.exited(index);
      await sleep(fault.durationMs);
      return;
    }
    case 'redis-cut':
    case 'pg-cut': {
      const link = fault.kind === 'redis-cut' ? 'redis' : 'pg';
      await Promise.all(targets.map((node) => node[link].cut()));
      await sleep(fault.durationMs);
      await Promise.all(targets.map((node) => node[link].restore()));
      return;
    }
    case 'latency': {
      const proxy = targets[0]![fault.link ?? 'pg'];
      proxy.setLatency(fault.latencyMs ?? 100);
      await sleep(fault.durationMs);
      proxy.setLatency(0);
      return;
    }
    case 'pause': {
      cluster.signal(index, 'SIGSTOP');
      await sleep(fault.durationMs);
      cluster.signal(index, 'SIGCONT');
      return;
    }
    case 'burst': {
      const burst = startFleet({ kind: 'lean', urls: [cluster.balancer.url], clients: fault.size ?? 200, workers: 1, connectConcurrency: fault.size ?? 200, recorder: { module: RECORDERS.count } });
      try {
        const summary = await burst.connect();
        context.bursts.push({ t: Date.now(), connected: summary.connected, failed: summary.failed });
        await sleep(fault.durationMs);
        await burst.finish();
      } finally {
        await burst.terminate();
      }
      return;
    }
  }
}

export async function runFault(fault: PlannedFault, index: number, context: FaultContext): Promise<FaultRecord> {
  const startAt = Date.now();
  await inject(fault, context);
  const healedAt = Date.now();
  // A killed or stopped instance comes back on its port, with its environment.
  const restarting = fault.kind === 'kill9' || fault.kind === 'sigterm' ? context.cluster.restart(fault.target as number) : Promise.resolve();
  restarting.catch(() => undefined);
  const headAtHeal = await streamHead(context.db);
  const [readyMs, currentMs] = await Promise.all([measure(() => allReady(context.cluster), healedAt), measure(() => allCurrent(context.soak, headAtHeal), healedAt)]);
  await restarting.catch(() => undefined);
  return { ...fault, index, startAt, healedAt, readyMs, currentMs, headAtHeal };
}
