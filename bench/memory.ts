// `npm run bench:memory` — RSS growth per idle socket on one instance. Connects idle Socket.IO
// clients (websocket) in steps of 1 000 up to BENCH_MAX_SOCKETS (default 5 000) and reads the
// instance's VmRSS from /proc/<pid>/status after each step has settled; the slope of a least-squares
// fit is the cost per socket. Beside it, the same steps on a plain Socket.IO server (the floor
// process of the delivery benchmark, no Redis adapter work when idle) — what the transport costs.

import { fileURLToPath } from 'node:url';
import { RECORDERS, startFleet, type Fleet } from './lib/fleet/fleet.js';
import { REDIS_URL, uniqueRedisPrefix } from './lib/database.js';
import { startInstance, startNode, type Started } from './lib/processes.js';
import { rssKb } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun } from './lib/bench-run.js';

const STEP = Number(process.env.BENCH_STEP ?? 1_000);
const MAX = Number(process.env.BENCH_MAX_SOCKETS ?? 5_000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3_000);
const TARGET_KB = 40;
const BASELINE_SERVER = fileURLToPath(new URL('./socket-baseline-server.js', import.meta.url));

async function measure(server: Started, fleets: Fleet[]): Promise<{ sockets: number; rssKb: number }[]> {
  const points: { sockets: number; rssKb: number }[] = [];
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  points.push({ sockets: 0, rssKb: rssKb(server.pid) });
  for (let sockets = STEP; sockets <= MAX; sockets += STEP) {
    const fleet = startFleet({ urls: [server.baseUrl], clients: STEP, workers: 1, recorder: { module: RECORDERS.count } });
    fleets.push(fleet);
    const { connected } = await fleet.connect();
    if (connected < STEP) process.stdout.write(`  only ${connected} of ${STEP} connected\n`);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    points.push({ sockets, rssKb: rssKb(server.pid) });
    process.stdout.write(`  ${server.name}: ${sockets} sockets, RSS ${Math.round(rssKb(server.pid) / 1024)} MiB\n`);
  }
  return points;
}

/** Least-squares slope, KB per socket. */
function slope(points: readonly { sockets: number; rssKb: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.sockets, 0) / n;
  const my = points.reduce((s, p) => s + p.rssKb, 0) / n;
  const num = points.reduce((s, p) => s + (p.sockets - mx) * (p.rssKb - my), 0);
  const den = points.reduce((s, p) => s + (p.sockets - mx) ** 2, 0);
  return num / den;
}

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const service = await startInstance('memory-1', { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('memory') });
    const servicePoints = await measure(service, fleets);
    await Promise.all(fleets.splice(0).map((f) => f.terminate()));
    const floor = await startNode('floor-1', BASELINE_SERVER, [], { BASELINE_MODE: 'floor', REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('memfloor') }, '/ready');
    const floorPoints = await measure(floor, fleets);
    const perSocket = slope(servicePoints);
    const floorPerSocket = slope(floorPoints);
    const rows: Row[] = servicePoints.map((p, i) => ({
      sockets: p.sockets,
      'service RSS MiB': round(p.rssKb / 1024, 1),
      'floor RSS MiB': round((floorPoints[i]?.rssKb ?? NaN) / 1024, 1),
    }));
    writeResults('memory', 'npm run bench:memory', [
      {
        title: 'RSS of one instance with idle sockets (VmRSS)',
        rows,
        notes: [
          `Service: ${round(perSocket, 1)} KB per socket (least-squares slope); plain Socket.IO + Redis adapter floor: ${round(floorPerSocket, 1)} KB per socket.`,
          `Target ≤ ${TARGET_KB} KB per socket: ${perSocket <= TARGET_KB ? 'met' : 'MISSED'}.`,
          `Steps of ${STEP} sockets, ${SETTLE_MS} ms settle before each reading; no forced GC, so the figure includes garbage not yet collected.`,
        ],
      },
    ], { servicePoints, floorPoints, perSocketKb: perSocket, floorPerSocketKb: floorPerSocket });
  });
}

await main();
