// `npm run bench:memory` — how many idle sockets one instance holds, and what each costs in RSS.
// One service instance (Redis adapter) takes idle websocket clients in steps of BENCH_STEP (default
// 5 000) up to BENCH_MAX_SOCKETS (default 50 000, the issue's target); VmRSS is read from
// /proc/<pid>/status after each step has settled, and the least-squares slope is the cost per
// socket. Then the same steps on the bench's plain Socket.IO server (floor mode, Redis adapter).
//
// The first step is socket.io-client (the control: the server must pay the same per socket for
// it as for the lean clients of the later steps); the rest are lean clients, ≤ 12 500 per process.
//
// Limits this needs, and what the bench does about them (bench/lib/limits.ts):
// - file descriptors: `ulimit -n` is 20 000 here; the bench raises RLIMIT_NOFILE of the server and
//   client processes it starts to BENCH_MAX_SOCKETS + 10 000 with prlimit (root);
// - ports: one source address has 28 232 ephemeral ports (32768–60999) towards one server port, so
//   lean clients bind 127.0.0.2, 127.0.0.3, … (20 000 sockets each);
// - the service's own cap: MAX_CONNECTIONS (default 50 000) is set above the run's maximum.
// A step that cannot connect every socket stops the run and the table says which error came back.

import { RECORDERS, startFleet, totalStats, type Fleet } from './lib/fleet/fleet.js';
import { REDIS_URL, uniqueRedisPrefix } from './lib/database.js';
import { canRaiseHardLimits, loopbackSources, openFileLimit, openFiles, raiseFileLimit } from './lib/limits.js';
import { startBaseline } from './lib/live-setup.js';
import { startInstance, type Started } from './lib/processes.js';
import { rssKb } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun } from './lib/bench-run.js';

const STEP = Number(process.env.BENCH_STEP ?? 5_000);
const MAX = Number(process.env.BENCH_MAX_SOCKETS ?? 50_000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3_000);
const PER_PROCESS = 12_500;
const PER_SOURCE_ADDRESS = 20_000;
const FILE_LIMIT = MAX + 10_000;
const TARGET_KB = 40;
const TARGET_SOCKETS = 50_000;

interface Point {
  readonly sockets: number;
  readonly rssKb: number;
  readonly fds: number;
  readonly kind: string;
  readonly connectMs: number;
  readonly failed: number;
  readonly errors: string;
  readonly clientRssKb: number;
}

async function measure(server: Started, fleets: Fleet[]): Promise<Point[]> {
  const sources = loopbackSources(MAX, PER_SOURCE_ADDRESS);
  const points: Point[] = [];
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  points.push({ sockets: 0, rssKb: rssKb(server.pid), fds: openFiles(server.pid), kind: '', connectMs: 0, failed: 0, errors: '', clientRssKb: 0 });
  let sockets = 0;
  while (sockets + STEP <= MAX) {
    const control = sockets === 0;
    const fleet = startFleet({
      kind: control ? 'socket.io-client' : 'lean',
      urls: [server.baseUrl],
      clients: STEP,
      firstClient: sockets,
      workers: Math.ceil(STEP / PER_PROCESS),
      recorder: { module: RECORDERS.count },
      // The control binds no address (socket.io-client on 127.0.0.1, as every other bench).
      localAddresses: control ? undefined : sources,
      fileLimit: canRaiseHardLimits() ? FILE_LIMIT : undefined,
      connectConcurrency: 100,
    });
    fleets.push(fleet);
    const { connected, failed, errors, ms } = await fleet.connect();
    sockets += connected;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const clientRssKb = totalStats(await Promise.all(fleets.map((f) => f.stats())).then((s) => s.flat())).rssKb;
    const point = { sockets, rssKb: rssKb(server.pid), fds: openFiles(server.pid), kind: fleet.kind, connectMs: ms, failed, errors: Object.entries(errors).map(([m, n]) => `${n}× ${m}`).join('; '), clientRssKb };
    points.push(point);
    process.stdout.write(`  ${server.name}: ${sockets} sockets (${fleet.kind} step in ${ms} ms, ${failed} failed${point.errors ? `: ${point.errors}` : ''}), RSS ${Math.round(point.rssKb / 1024)} MiB, ${point.fds} fds\n`);
    if (failed > 0) break;
  }
  return points;
}

/** Least-squares slope, KB per socket. */
function slope(points: readonly Point[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.sockets, 0) / n;
  const my = points.reduce((s, p) => s + p.rssKb, 0) / n;
  const num = points.reduce((s, p) => s + (p.sockets - mx) * (p.rssKb - my), 0);
  const den = points.reduce((s, p) => s + (p.sockets - mx) ** 2, 0);
  return num / den;
}

const raisedFor: Record<string, number> = {};

async function withRaisedLimit(server: Started): Promise<Started> {
  const raised = raiseFileLimit(server.pid, FILE_LIMIT);
  raisedFor[server.name] = openFileLimit(server.pid);
  process.stdout.write(`${server.name}: RLIMIT_NOFILE ${raised ? 'raised to' : 'left at'} ${openFileLimit(server.pid)}\n`);
  return server;
}

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('memory'), MAX_CONNECTIONS: String(MAX + 1_000) };
    const service = await withRaisedLimit(await startInstance('memory-1', env));
    const servicePoints = await measure(service, fleets);
    await Promise.all(fleets.splice(0).map((f) => f.terminate()));
    await service.stop();
    const [floor] = await startBaseline('floor', 1, { REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('memfloor') });
    const floorPoints = await measure(await withRaisedLimit(floor as Started), fleets);
    await Promise.all(fleets.splice(0).map((f) => f.terminate()));

    const perSocket = slope(servicePoints);
    const floorPerSocket = slope(floorPoints);
    // The control step alone (0 -> STEP sockets, socket.io-client) beside the lean steps' slope.
    const controlKb = ((servicePoints[1]?.rssKb ?? NaN) - (servicePoints[0]?.rssKb ?? NaN)) / Math.max(1, servicePoints[1]?.sockets ?? 0);
    const leanKb = slope(servicePoints.slice(1));
    const held = servicePoints[servicePoints.length - 1]?.sockets ?? 0;
    const last = servicePoints[servicePoints.length - 1] as Point;
    const rows: Row[] = servicePoints.map((p, i) => ({
      sockets: p.sockets,
      'step clients': p.kind || '—',
      'service RSS MiB': round(p.rssKb / 1024, 1),
      'service fds': p.fds,
      'step connect s': round(p.connectMs / 1000, 1),
      failed: p.failed,
      'floor RSS MiB': round((floorPoints[i]?.rssKb ?? NaN) / 1024, 1),
      'client processes RSS MiB': round(p.clientRssKb / 1024, 0),
    }));
    writeResults('memory', 'npm run bench:memory', [
      {
        title: `Idle sockets on one instance (VmRSS), steps of ${STEP} up to ${MAX}`,
        rows,
        notes: [
          `Held: ${held} idle sockets on one instance (target ${TARGET_SOCKETS}: ${held >= TARGET_SOCKETS ? 'met' : `MISSED — ${last.errors || 'stopped'}`}).`,
          `Service: ${round(perSocket, 1)} KB per socket (least-squares slope over all steps); plain Socket.IO + Redis adapter floor: ${round(floorPerSocket, 1)} KB per socket. Target ≤ ${TARGET_KB} KB: ${perSocket <= TARGET_KB ? 'met' : 'MISSED'}.`,
          `Control: the first ${STEP} sockets (socket.io-client) cost the service ${round(controlKb, 1)} KB each, the lean steps ${round(leanKb, 1)} KB each (slope): ${Math.abs(controlKb - leanKb) <= 0.3 * Math.max(controlKb, leanKb) ? 'agree within 30 % (RSS without forced GC moves a few MiB per step)' : 'DISAGREE by more than 30 %'}.`,
          `Client side: ${round(last.clientRssKb / Math.max(1, held), 1)} KB RSS per socket over all client processes (≤ ${PER_PROCESS} sockets each).`,
          canRaiseHardLimits()
            ? `Limits: RLIMIT_NOFILE of the server and client processes raised to ${FILE_LIMIT} with prlimit (ulimit -n is ${openFileLimit()} here).`
            : `Limits: RLIMIT_NOFILE could NOT be raised: prlimit --nofile=${FILE_LIMIT} fails with EPERM, because this root lacks CAP_SYS_RESOURCE (bit 24 of CapEff in /proc/self/status); the hard limit stays ${openFileLimit()} per process (server limits: ${JSON.stringify(raisedFor)}; service fds at the last step: ${last.fds}).`,
          `Ports: lean clients bind ${loopbackSources(MAX, PER_SOURCE_ADDRESS).join(', ')} (${PER_SOURCE_ADDRESS} each; one source address has 28 232 ephemeral ports to one server port); MAX_CONNECTIONS=${MAX + 1_000}.`,
          `${SETTLE_MS} ms settle before each reading; no forced GC, so the figure includes garbage not yet collected.`,
        ],
      },
    ], { servicePoints, floorPoints, perSocketKb: perSocket, floorPerSocketKb: floorPerSocket, controlKb, leanKb, held });
  });
}

await main();
