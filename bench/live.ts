// `npm run bench:live` — transition delivery across instances. Three service processes share a
// fresh database and Redis (unique key prefix); N clients (default 1 000) in client processes
// spread over them; M concerts (default 100), created before the clients connect, whose sales open
// one after another over SPREAD from +LEAD (+ ~CONNECT_MS per client socket to connect). Per
// transition and client: receipt time minus the boundary instant (same machine, same clock).
// Reports p50/p95/p99/max, misses, duplicates before and after dedup, and, over the transition
// window: CPU seconds per 1 000 delivered messages of every server system, client CPU per message.
// Bounded: setup + LEAD + SPREAD + GRACE + drain ≤ DRAIN_MAX (about a minute; bench:delivery ≤ 5).
//
// Clients (BENCH_CLIENT_KIND): `lean` (default; bench/lib/lean) in processes of ≤ 5 000 sockets,
// plus, on the service, one socket.io-client process of BENCH_CONTROL_CLIENTS (default 10 %, at
// most 500) as the control: its latencies and counts must agree with the lean clients', and its CPU
// per message is what the lean client's is compared to.
//
// Baselines in the same run (BENCH_BASELINES, default `floor`; `floor,polling` for the full suite),
// each with its own N clients connected at the same time as the service's:
// - floor: three bench-only Socket.IO servers with the Redis adapter (socket-baseline-server.ts)
//   emitting a prebuilt payload of the same shape and size from timers, at instants interleaved
//   half a slot after the service's, so both see the same machine load;
// - polling: the original design (1 s fixed-delay scan of all concerts, whole catalogue broadcast
//   when any status changed), reading the same database, so it sees the very same boundaries.

import { REDIS_URL, uniqueRedisPrefix } from './lib/database.js';
import { analyzeDelivery, type DeliveryReport, type ExpectedTransition } from './lib/delivery.js';
import { RECORDERS, startFleet, type Fleet, type WorkerStats } from './lib/fleet/fleet.js';
import type { DeliveryResult } from './lib/fleet/recorders/delivery-recorder.js';
import type { ClientKind } from './lib/fleet/recorder.js';
import { agreement, clientCostRows, deliveryRow, serverCostRows, windowDelta, type WindowStats } from './lib/live-figures.js';
import { breakdownRows, createOpeningConcerts, FLOOR_ID_OFFSET, floorPayload, latencyBreakdown, startBaseline } from './lib/live-setup.js';
import type { Started } from './lib/processes.js';
import { cpuSeconds, peakRssKb, startWindow } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun, startInstances } from './lib/bench-run.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const CONCERTS = Number(process.env.BENCH_CONCERTS ?? 100);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 10_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 10_000);
const GRACE_MS = Number(process.env.BENCH_GRACE_MS ?? 5_000);
const DRAIN_MAX_MS = Number(process.env.BENCH_DRAIN_MAX_MS ?? 60_000);
const KIND = (process.env.BENCH_CLIENT_KIND ?? 'lean') as ClientKind;
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;
const CONTROL = KIND === 'lean' ? Number(process.env.BENCH_CONTROL_CLIENTS ?? Math.min(500, Math.round(CLIENTS / 10))) : 0;
const TARGET_P99_MS = Number(process.env.BENCH_TARGET_P99_MS ?? 100);
const TARGET_CPU_RATIO = 1.2;
const BASELINES = new Set((process.env.BENCH_BASELINES ?? 'floor').split(',').map((b) => b.trim()).filter(Boolean));
const RESULT_NAME = process.env.BENCH_RESULT_NAME ?? 'live';
const CONNECT_MS_PER_SOCKET = Number(process.env.BENCH_CONNECT_MS_PER_SOCKET ?? 2);
const CONTROL_LABEL = 'socket.io-client (control, service)';

interface SystemRun {
  readonly name: string;
  readonly servers: Started[];
  readonly expected: ExpectedTransition[];
  /** The main fleet first, then the control (service only). */
  readonly fleets: Fleet<DeliveryResult>[];
}

/** A system's N clients: KIND clients, and on the service the last CONTROL of them socket.io-client. */
async function connectClients(system: SystemRun, withControl: boolean, all: Fleet[]): Promise<void> {
  const urls = system.servers.map((s) => s.baseUrl);
  const control = withControl ? CONTROL : 0;
  const recorder = { module: RECORDERS.delivery, options: { reason: 'SALE_STATUS_TRANSITION', skipRepeats: system.name.startsWith('polling') } };
  system.fleets.push(startFleet<DeliveryResult>({ kind: KIND, urls, clients: CLIENTS - control, workers: WORKERS, recorder, label: `${KIND} (${system.name})` }));
  if (control > 0) system.fleets.push(startFleet<DeliveryResult>({ kind: 'socket.io-client', urls, clients: control, firstClient: CLIENTS - control, workers: 1, recorder, label: CONTROL_LABEL }));
  all.push(...system.fleets);
  // At once, so the control's sockets interleave with the lean ones in each instance's room: a
  // broadcast is written socket by socket in join order, and the last to join would always be last.
  await Promise.all(
    system.fleets.map(async (fleet) => {
      const { connected, failed, errors, ms } = await fleet.connect();
      process.stdout.write(`${system.name}: ${connected} ${fleet.label} clients connected in ${ms} ms (${failed} failed${failed ? ` ${JSON.stringify(errors)}` : ''})\n`);
    }),
  );
}

const statsOf = (fleets: readonly Fleet[]) => Promise.all(fleets.map((f) => f.stats()));

/**
 * After the grace period, keeps collecting until no client has received anything for two polls a
 * second apart (at most DRAIN_MAX_MS): on a loaded machine deliveries queue for seconds, and both
 * the misses and the CPU per delivered message are only honest once the queues are empty — the
 * servers paid for frames their clients had not read yet.
 */
async function drain(systems: readonly SystemRun[]): Promise<{ stats: WorkerStats[][][]; drainedMs: number; drained: boolean }> {
  const started = Date.now();
  let previous = -1;
  let quiet = 0;
  for (;;) {
    const stats = await Promise.all(systems.map((s) => statsOf(s.fleets)));
    const total = stats.flat(2).reduce((sum, w) => sum + w.messages, 0);
    quiet = total === previous ? quiet + 1 : 0;
    previous = total;
    if (quiet >= 2 || Date.now() - started >= DRAIN_MAX_MS) return { stats, drainedMs: Date.now() - started, drained: quiet >= 2 };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const prefix = uniqueRedisPrefix('live');
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const instances = await startInstances('live', INSTANCES, env);
    const first = instances[0]!;
    const floor = BASELINES.has('floor') ? await startBaseline('floor', INSTANCES, {}) : [];
    const polling = BASELINES.has('polling') ? await startBaseline('polling', INSTANCES, { DATABASE_URL: database.url }) : [];
    process.stdout.write(`${INSTANCES} instances up${floor.length ? ', floor servers up' : ''}${polling.length ? ', polling servers up' : ''}\n`);

    // Concerts first (their creation is broadcast, and must not reach the clients), opening after
    // a lead long enough for every client to connect: LEAD_MS plus ~CONNECT_MS per socket to open.
    const systemCount = 1 + (floor.length ? 1 : 0) + (polling.length ? 1 : 0);
    const leadMs = LEAD_MS + Math.round(CLIENTS * systemCount * CONNECT_MS_PER_SOCKET);
    const createdAt = Date.now();
    const openings = await createOpeningConcerts(first.baseUrl, CONCERTS, createdAt + leadMs, SPREAD_MS);
    const expected: ExpectedTransition[] = openings.map(({ concertId, boundaryAt, status }) => ({ concertId, boundaryAt, status }));
    process.stdout.write(`${CONCERTS} concerts created in ${Date.now() - createdAt} ms, opening from +${leadMs / 1000}s over ${SPREAD_MS / 1000}s\n`);
    const halfSlot = Math.round(SPREAD_MS / Math.max(1, CONCERTS - 1) / 2);
    const floorExpected: ExpectedTransition[] = openings.map((o, i) => ({ concertId: FLOOR_ID_OFFSET + i, boundaryAt: o.boundaryAt + halfSlot, status: 'OPEN' }));
    if (floor[0]) {
      const schedule = openings.map((o, i) => ({ at: o.boundaryAt + halfSlot, payload: floorPayload(o, i) }));
      await fetch(`${floor[0].baseUrl}/schedule`, { method: 'POST', body: JSON.stringify(schedule) }).then((r) => r.text());
    }
    if (polling[0]) await fetch(`${polling[0].baseUrl}/poll`, { method: 'POST' }).then((r) => r.text());

    const systems: SystemRun[] = [
      { name: 'service', servers: instances, expected, fleets: [] },
      ...(floor.length ? [{ name: 'floor (plain Socket.IO + Redis adapter, timers)', servers: floor, expected: floorExpected, fleets: [] }] : []),
      ...(polling.length ? [{ name: 'polling (1 s scan, whole catalogue)', servers: polling, expected, fleets: [] }] : []),
    ];
    const connectStarted = Date.now();
    for (const [k, system] of systems.entries()) await connectClients(system, k === 0, fleets);
    process.stdout.write(`all clients connected in ${Date.now() - connectStarted} ms\n`);
    const firstBoundary = expected[0]?.boundaryAt ?? Date.now();
    if (Date.now() > firstBoundary - 1_000) process.stdout.write('WARNING: clients were still connecting close to the first boundary (raise BENCH_LEAD_MS)\n');

    // Idle first, from now to just before the first boundary: what each system spends with its
    // clients connected and nothing to deliver (pings, heartbeats, Agenda and reconcile scans).
    const servers = systems.flatMap((s) => s.servers);
    const idleFrom = Date.now();
    const cpuIdle = servers.map((s) => cpuSeconds(s.pid));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstBoundary - 500 - Date.now())));
    const idleS = (Date.now() - idleFrom) / 1000;
    // The window: from now (the first boundary) to GRACE after the last boundary, then the drain.
    const cpuStart = servers.map((s) => cpuSeconds(s.pid));
    const statsStart = await Promise.all(systems.map((s) => statsOf(s.fleets)));
    const endWindow = startWindow();
    const lastBoundary = (floorExpected[floorExpected.length - 1] ?? expected[expected.length - 1])?.boundaryAt ?? Date.now();
    const windowStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastBoundary + GRACE_MS - Date.now())));
    const { stats: statsEnd, drainedMs, drained } = await drain(systems);
    const windowS = (Date.now() - windowStart) / 1000;
    const cpuEnd = servers.map((s) => cpuSeconds(s.pid));
    const machineLoad = endWindow();
    const peaks = servers.map((s) => peakRssKb(s.pid));
    const results = await Promise.all(systems.map((s) => Promise.all(s.fleets.map((f) => f.finish()))));
    fleets.length = 0;

    const reports = systems.map((system, k) => analyzeDelivery((results[k] as DeliveryResult[][]).flat(), CLIENTS, system.expected));
    const serviceResults = results[0] as DeliveryResult[][];
    const leanReport = CONTROL > 0 ? analyzeDelivery(serviceResults[0] as DeliveryResult[], CLIENTS - CONTROL, expected) : null;
    const controlReport = CONTROL > 0 ? analyzeDelivery(serviceResults[1] as DeliveryResult[], CONTROL, expected) : null;
    const breakdown = await latencyBreakdown(database.url, serviceResults.flat());

    const own = reports[0] as DeliveryReport;
    const floorReport = floor.length ? (reports[1] as DeliveryReport) : null;
    const pollingReport = polling.length ? (reports[systems.length - 1] as DeliveryReport) : null;
    const window = (k: number, f: number): WindowStats => ({ start: statsStart[k]?.[f] as WorkerStats[], end: statsEnd[k]?.[f] as WorkerStats[] });
    let serverIndex = 0;
    const serverCosts = systems.map((system, k) => {
      const deliveries = (reports[k] as DeliveryReport).delivered;
      const spent = (from: readonly number[], to: readonly number[]) => system.servers.reduce((sum, _s, j) => sum + ((to[serverIndex + j] as number) - (from[serverIndex + j] as number)), 0);
      const cpu = spent(cpuStart, cpuEnd);
      const idleRate = idleS >= 3 ? spent(cpuIdle, cpuStart) / idleS : NaN;
      serverIndex += system.servers.length;
      const messages = system.fleets.reduce((sum, _f, f) => sum + windowDelta(window(k, f)).messages, 0);
      const refreshes = (reports[k] as DeliveryReport).messages;
      return { system: system.name, serverCpuSeconds: cpu, processes: system.servers.length, messages, deliveries, idleRate, windowS, refreshes };
    });
    const cost = serverCostRows(serverCosts, floor.length ? systems[1]?.name : undefined);
    const clientCosts = clientCostRows(
      [
        { label: `${KIND} (service)`, window: window(0, 0) },
        ...systems.slice(1).map((s, k) => ({ label: `${KIND} (${s.name.split(' ')[0]})`, window: window(k + 1, 0) })),
        ...(CONTROL > 0 ? [{ label: CONTROL_LABEL, window: window(0, 1) }] : []),
      ],
      CONTROL_LABEL,
    );
    const agreed = leanReport && controlReport ? agreement(leanReport, controlReport) : null;

    const rows: Row[] = systems.map((system, k) => deliveryRow(system.name, reports[k] as DeliveryReport, CLIENTS));
    if (leanReport && controlReport) {
      rows.push(deliveryRow(`service, ${KIND} clients only`, leanReport, CLIENTS - CONTROL), deliveryRow(`service, ${CONTROL_LABEL} only`, controlReport, CONTROL));
    }
    const verdicts: string[] = [
      `p99 ${own.latencyMs.p99} ms vs target < ${TARGET_P99_MS} ms: ${own.latencyMs.p99 < TARGET_P99_MS ? 'met' : 'MISSED'}`,
      `misses ${own.misses}: ${own.misses === 0 ? 'met' : 'MISSED'}; duplicates after dedup ${own.duplicatesAfterDedup}: ${own.duplicatesAfterDedup === 0 ? 'met' : 'MISSED'}`,
    ];
    if (floorReport) {
      const ratio = own.latencyMs.p99 / floorReport.latencyMs.p99;
      verdicts.push(`p99 service / floor = ${round(ratio, 2)} (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);
      verdicts.push(`server CPU per 1 000 delivered messages, service / floor = ${round(cost.ratio, 2)} (target ≤ ${TARGET_CPU_RATIO}: ${cost.ratio <= TARGET_CPU_RATIO ? 'met' : 'MISSED'}); net of each system's idle rate, per refresh: ${round(cost.netRatio, 2)}; per delivered transition: ${round(cost.transitionRatio, 2)}`);
    }
    if (pollingReport) {
      const ratio = pollingReport.latencyMs.p50 / own.latencyMs.p50;
      verdicts.push(`p50 polling / service = ${round(ratio, 1)} (target ≥ 10: ${ratio >= 10 ? 'met' : 'MISSED'})`);
    }
    if (agreed) verdicts.push(`control (${CONTROL} socket.io-client sockets) agrees with the ${KIND} clients: ${agreed.agrees ? 'yes' : 'NO'} — ${agreed.why}`);
    const perProcess: Row[] = [
      ...servers.map((s, k) => ({ process: s.name, 'CPU % (window)': round((((cpuEnd[k] as number) - (cpuStart[k] as number)) / windowS) * 100, 0), 'peak RSS MiB': round((peaks[k] as number) / 1024, 0) })),
      { process: `whole machine (${machineLoad.machineBusyPercent}% of 2 cores busy, load ${machineLoad.loadAverage1m})`, 'CPU % (window)': machineLoad.machineBusyPercent * 2, 'peak RSS MiB': null },
    ];
    writeResults(
      RESULT_NAME,
      process.env.BENCH_COMMAND ?? 'npm run bench:live',
      [
        { title: `Transition delivery: ${CLIENTS} clients per system over ${INSTANCES} instances, ${CONCERTS} transitions`, rows, notes: [
          ...verdicts,
          'Latency = client receipt (Date.now() in the client process) minus the boundary instant (saleOpensAt); all processes on one machine, one clock.',
          `Clients: ${KIND} (websocket transport) in processes of ≤ 5 000 sockets, round-robin over the instances${CONTROL ? `; on the service the last ${CONTROL} are one socket.io-client process (the control)` : ''}; all systems' clients connected at once.`,
          `service: ${own.delivered} of ${own.expectedDeliveries} deliveries; ${own.messages} refresh messages received; ${own.disconnects} disconnects.`,
          `Collection ran ${round(GRACE_MS / 1000, 0)} s past the last boundary, then ${round(drainedMs / 1000, 0)} s more until the clients had received nothing for two 1 s polls${drained ? '' : ` — NOT drained after ${DRAIN_MAX_MS / 1000} s: misses include deliveries still queued`}.`,
        ] },
        { title: `Server CPU per 1 000 delivered messages (transition window, ${round(windowS, 0)} s)`, rows: cost.rows, notes: [
          'CPU = utime + stime of every server process of the system (/proc/<pid>/stat) over the window (to the end of the drain); messages = every event its clients received in it (service: refreshes and heartbeats); transitions = first receipts per client and card (an event the service coalesced carries several).',
          `Idle = the same processes over the ${round(idleS, 0)} s between the last client connecting and the first boundary (clients connected, nothing to deliver: pings, heartbeats, Agenda and reconcile scans); net = window CPU less that rate over the window, per 1 000 refresh messages.`,
        ] },
        { title: 'Client CPU per message received (same window)', rows: clientCosts.rows, notes: [
          `${KIND} client CPU per message ÷ socket.io-client's, same run, same service, same messages: ${round(clientCosts.fraction, 2)}.`,
        ] },
        { title: `Where the service's time goes (outbox timestamps; ${breakdown.events} transition events)`, rows: breakdownRows(breakdown), notes: [
          'recorded_at is taken by the instance when it computes the transition; sent_at after the emit through the Redis adapter returned.',
        ] },
        { title: 'Server processes during the transition window', rows: perProcess },
      ],
      {
        config: { CLIENTS, INSTANCES, CONCERTS, LEAD_MS, SPREAD_MS, GRACE_MS, DRAIN_MAX_MS, drainedMs, drained, idleS, KIND, CONTROL, WORKERS, BASELINES: [...BASELINES] },
        machineLoad,
        reports: Object.fromEntries(systems.map((s, k) => [s.name, reports[k]])),
        control: leanReport && controlReport ? { lean: leanReport, control: controlReport, agreement: agreed } : null,
        serverCost: { rows: cost.rows, ratio: cost.ratio },
        clientCost: clientCosts,
        breakdown,
      },
    );
  });
}

await main();
