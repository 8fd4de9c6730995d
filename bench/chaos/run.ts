// One chaos run, start to finish: the cluster behind its balancer, the workload, the fleet of
// reference clients, the faults one after another for the duration, the settle, the truth from
// PostgreSQL, and the history the checker reads. Everything it started it stops.

import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startFleet } from '../lib/fleet/fleet.js';
import { startCluster } from './cluster.js';
import { runFault, type FaultContext } from './faults.js';
import { queryKey, type ClientLog, type ClientSpec, type FaultRecord, type History } from './history.js';
import { createHttp } from './http.js';
import { describeFault, drawSchedule, pick, seededRandom, type Random } from './schedule.js';
import type { SoakOptions } from './soak-worker.js';
import { OutboxTail, readTruth } from './truth.js';
import { createWorkload } from './workload.js';

const SOAK_WORKER = fileURLToPath(new URL('./soak-worker.js', import.meta.url));
const SETTLE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunOptions {
  readonly seed: number;
  readonly durationS: number;
  readonly log?: (line: string) => void;
}

function fleetSpecs(random: Random, anchors: readonly number[]): ClientSpec[] {
  const specs: ClientSpec[] = [];
  const add = (kind: ClientSpec['kind'], n: number, extra: (i: number) => Partial<ClientSpec> = () => ({})) => {
    for (let i = 0; i < n; i += 1) specs.push({ id: `${kind}-${i}`, kind, ...extra(i) });
  };
  add('all', 10);
  add('all-store', 6);
  add('few', 6, () => ({ ids: [pick(random, anchors), pick(random, anchors), pick(random, anchors)].filter((id, i, all) => all.indexOf(id) === i) }));
  add('view', 4, (i): Partial<ClientSpec> => ({ query: i % 2 === 0 ? { keyword: 'alpha' } : { keyword: 'beta', sort: 'saleOpensAt,asc' } }));
  // Interleave kinds so that each worker process holds some of each.
  return specs.sort((a, b) => Number(a.id.split('-').pop()) - Number(b.id.split('-').pop()) || a.kind.localeCompare(b.kind));
}

async function viewTruth(baseUrl: string, specs: readonly ClientSpec[]): Promise<Record<string, number[]>> {
  const views: Record<string, number[]> = {};
  for (const spec of specs) {
    if (spec.kind !== 'view') continue;
    const query = { size: '100', ...(spec.query ?? {}) };
    const response = await fetch(`${baseUrl}/api/concerts/search?${new URLSearchParams(query).toString()}`);
    views[queryKey(spec.query ?? {})] = ((await response.json()) as { items: { id: number }[] }).items.map((card) => card.id);
  }
  return views;
}

export async function runChaos(options: RunOptions): Promise<History> {
  const say = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = seededRandom(options.seed);
  const schedule = drawSchedule(options.seed, options.durationS, 3);
  say(`chaos: seed ${options.seed}, ${options.durationS} s; schedule (run in order, each after the previous one recovered):`);
  schedule.forEach((fault, i) => say(`  ${i}. ${describeFault(fault)}, then ${fault.gapMs} ms quiet`));

  const cluster = await startCluster(3);
  const db = new pg.Client({ connectionString: cluster.database.url });
  // Dropping the database at the end terminates this connection: not an error of the run.
  db.on('error', () => undefined);
  await db.connect();
  const http = createHttp(cluster.balancer.url);
  const workload = createWorkload(http, db, random);
  const tail = new OutboxTail(db);
  const tailing = setInterval(() => void tail.read().catch(() => undefined), 1_000);
  const faults: FaultRecord[] = [];
  let clients: ClientLog[] = [];
  let startedAt = Date.now();
  let views: Record<string, number[]> = {};
  const bursts: FaultContext['bursts'] = [];
  try {
    await workload.start();
    await sleep(1_500);
    const specs = fleetSpecs(random, workload.anchors());
    const soakOptions: SoakOptions = { baseUrl: cluster.balancer.url, seed: options.seed, clients: specs, reconnectEveryMs: 3_000 };
    const soak = startFleet({ urls: [cluster.balancer.url], clients: specs.length, workers: 2, worker: SOAK_WORKER, recorder: { module: SOAK_WORKER, options: soakOptions } });
    try {
      const connected = await soak.connect();
      say(`chaos: ${connected.connected} of ${specs.length} reference clients started`);
      startedAt = Date.now();
      const context: FaultContext = { cluster, soak, db, bursts };
      const endAt = startedAt + options.durationS * 1_000;
      for (const [index, fault] of schedule.entries()) {
        if (Date.now() + fault.durationMs + 3_000 > endAt) break;
        const record = await runFault(fault, index, context);
        faults.push(record);
        say(`  fault ${index} at ${((record.startAt - startedAt) / 1_000).toFixed(1)} s: ${describeFault(fault)}; ready ${record.readyMs ?? '—'} ms, current ${record.currentMs ?? '—'} ms`);
        await sleep(Math.min(fault.gapMs, Math.max(0, endAt - Date.now())));
      }
      await sleep(Math.max(0, endAt - Date.now()));
      await workload.stop();
      await soak.command('quiet');
      say(`chaos: workload stopped; settling ${SETTLE_MS / 1_000} s`);
      await sleep(SETTLE_MS);
      views = await viewTruth(cluster.nodes[0]!.baseUrl, specs);
      clients = await soak.finish().then((parts) => (parts as ClientLog[][]).flat());
    } finally {
      await soak.terminate();
    }
    const truth = await readTruth(db, tail, workload.seatsBeforeRemoval, views);
    const endedAt = Date.now();
    clearInterval(tailing);
    await db.end().catch(() => undefined);
    await cluster.stop();
    return {
      seed: options.seed,
      durationS: options.durationS,
      startedAt,
      endedAt,
      schedule,
      faults,
      clients,
      reservations: workload.buyers.records,
      httpErrors: http.errors,
      instances: cluster.events,
      errorLines: cluster.errorLines,
      modes: workload.modes,
      bursts,
      truth,
    };
  } catch (error) {
    clearInterval(tailing);
    await workload.stop().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    throw error;
  } finally {
    await db.end().catch(() => undefined);
  }
}
