// `npm run bench:live` — transition delivery across instances. Three service processes share a
// fresh database and Redis (unique key prefix); N Socket.IO clients (default 1 000) in client
// processes spread over them; M concerts (default 100), created before the clients connect, whose
// sales open one after another over SPREAD from +LEAD (+ ~2 ms per client socket to connect).
// Per transition and client: receipt time minus the boundary instant (same machine, same clock). Reports p50/p95/p99/max, misses, duplicates before and after
// dedup, CPU and peak RSS per instance. Bounded: setup + LEAD + SPREAD + GRACE (about a minute).
//
// Baselines in the same run (BENCH_BASELINES, default `floor`; `floor,polling` for the full suite),
// each with its own N clients connected at the same time as the service's:
// - floor: three bench-only Socket.IO servers with the Redis adapter (socket-baseline-server.ts)
//   emitting a prebuilt payload of the same shape and size from timers, at instants interleaved
//   half a slot after the service's, so both see the same machine load;
// - polling: the original design (1 s fixed-delay scan of all concerts, whole catalogue broadcast
//   when any status changed), reading the same database, so it sees the very same boundaries.

import { REDIS_URL, uniqueRedisPrefix, withClient } from './lib/database.js';
import { startFleet } from './lib/client-fleet.js';
import { analyzeDelivery, type DeliveryReport, type ExpectedTransition } from './lib/delivery.js';
import { fileURLToPath } from 'node:url';
import { adminHeaders, startNode, type Started } from './lib/processes.js';
import { cpuSeconds, peakRssKb, startWindow } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round, summarize, type Summary } from './lib/stats.js';
import type { WorkerResult } from './live-client-worker.js';
import { benchRun, startInstances } from './lib/bench-run.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const CONCERTS = Number(process.env.BENCH_CONCERTS ?? 100);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 10_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 10_000);
const GRACE_MS = Number(process.env.BENCH_GRACE_MS ?? 5_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const TARGET_P99_MS = Number(process.env.BENCH_TARGET_P99_MS ?? 100);
const BASELINES = new Set((process.env.BENCH_BASELINES ?? 'floor').split(',').map((b) => b.trim()).filter(Boolean));
const RESULT_NAME = process.env.BENCH_RESULT_NAME ?? 'live';
const BASELINE_SERVER = fileURLToPath(new URL('./socket-baseline-server.js', import.meta.url));
const FLOOR_ID_OFFSET = 1_000_000;
const CONNECT_MS_PER_SOCKET = Number(process.env.BENCH_CONNECT_MS_PER_SOCKET ?? 2);

export interface CreatedOpening extends ExpectedTransition {
  readonly card: Record<string, unknown>;
}

export async function createOpeningConcerts(baseUrl: string, count: number, firstAt: number, spreadMs: number): Promise<CreatedOpening[]> {
  const expected: CreatedOpening[] = [];
  for (let i = 0; i < count; i += 1) {
    const openAt = firstAt + Math.round((i * spreadMs) / Math.max(1, count - 1));
    const response = await fetch(`${baseUrl}/api/admin/concerts`, {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ title: `Bench opening ${i}`, artistName: `Bench Artist ${i % 20}`, totalSeatCount: 500, generalSaleStartAt: new Date(openAt).toISOString() }),
    });
    if (response.status !== 201) throw new Error(`create failed ${response.status}: ${await response.text()}`);
    const { card } = (await response.json()) as { card: Record<string, unknown> & { id: number } };
    expected.push({ concertId: card.id, boundaryAt: openAt, status: 'OPEN', card });
  }
  return expected;
}

export interface LatencyBreakdown {
  /** Outbox row recorded (by the instance that ran the boundary job) minus the boundary instant. */
  readonly scheduleToCommitMs: Summary;
  /** Row marked sent (after the Redis-adapter emit) minus recorded. */
  readonly commitToSentMs: Summary;
  /** Client receipt minus the row's sent_at, per delivery. */
  readonly sentToClientMs: Summary;
  readonly events: number;
}

/** Splits delivery latency into its stages with the outbox's own timestamps (same machine clock). */
export async function latencyBreakdown(databaseUrl: string, results: readonly WorkerResult[]): Promise<LatencyBreakdown> {
  const rows = await withClient(databaseUrl, (client) =>
    client.query<{ seq: string; boundary: number; recorded: number; sent: number | null }>(
      `select seq, (extract(epoch from boundary_at) * 1000)::float8 as boundary, (extract(epoch from recorded_at) * 1000)::float8 as recorded,
              (extract(epoch from sent_at) * 1000)::float8 as sent
       from live_event where reason = 'SALE_STATUS_TRANSITION' and boundary_at is not null`,
    ),
  );
  const sentAt = new Map<number, number>();
  for (const row of rows.rows) if (row.sent !== null) sentAt.set(Number(row.seq), row.sent);
  const toClient: number[] = [];
  for (const r of results) {
    for (let i = 0; i < r.seq.length; i += 1) {
      const sent = sentAt.get(r.seq[i] as number);
      if (sent !== undefined) toClient.push((r.receivedAt[i] as number) - sent);
    }
  }
  return {
    scheduleToCommitMs: summarize(rows.rows.map((r) => r.recorded - r.boundary)),
    commitToSentMs: summarize(rows.rows.filter((r) => r.sent !== null).map((r) => (r.sent as number) - r.recorded)),
    sentToClientMs: summarize(toClient),
    events: rows.rows.length,
  };
}

export function breakdownRows(b: LatencyBreakdown): Row[] {
  return ([['boundary -> outbox row recorded', b.scheduleToCommitMs], ['recorded -> marked sent', b.commitToSentMs], ['sent -> client receipt', b.sentToClientMs]] as const).map(
    ([stage, s]) => ({ stage, samples: s.count, 'p50 ms': round(s.p50), 'p95 ms': round(s.p95), 'p99 ms': round(s.p99), 'max ms': round(s.max) }),
  );
}

/** The floor's payload for one opening: the service's refresh envelope around the card as it opens. */
function floorPayload(opening: CreatedOpening, index: number): Record<string, unknown> {
  const now = opening.boundaryAt;
  return {
    event: 'CONCERTS_REFRESH',
    seq: 0,
    reason: 'SALE_STATUS_TRANSITION',
    items: [{ ...opening.card, id: FLOOR_ID_OFFSET + index, saleStatus: 'OPEN', saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true, version: Number(opening.card.version) + 1 }],
    removedIds: [],
    serverNow: new Date(now).toISOString(),
    serverNowEpochMs: now,
    realtimeMode: 'websocket',
    hybridPollIntervalMillis: 30000,
    instanceId: 'floor-1',
  };
}

async function startBaseline(mode: string, env: Record<string, string>): Promise<Started[]> {
  const prefix = uniqueRedisPrefix(mode);
  return Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startNode(`${mode}-${i + 1}`, BASELINE_SERVER, [], { BASELINE_MODE: mode, REDIS_URL, REDIS_KEY_PREFIX: prefix, INSTANCE_ID: `${mode}-${i + 1}`, ...env }, '/ready'),
    ),
  );
}

function deliveryRow(system: string, report: DeliveryReport, clients: number): Row {
  const l = report.latencyMs;
  return {
    system,
    clients,
    transitions: report.transitions,
    delivered: `${report.delivered}/${report.expectedDeliveries}`,
    'p50 ms': l.p50,
    'p95 ms': l.p95,
    'p99 ms': l.p99,
    'max ms': l.max,
    misses: report.misses,
    'raw dup msgs': report.rawDuplicateMessages,
    'dup publications': report.duplicatePublications,
    'dups after dedup': report.duplicatesAfterDedup,
    early: report.early,
  };
}

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const prefix = uniqueRedisPrefix('live');
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const instances = await startInstances('live', INSTANCES, env);
    const first = instances[0]!;
    const floor = BASELINES.has('floor') ? await startBaseline('floor', {}) : [];
    const polling = BASELINES.has('polling') ? await startBaseline('polling', { DATABASE_URL: database.url }) : [];
    process.stdout.write(`${INSTANCES} instances up${floor.length ? ', floor servers up' : ''}${polling.length ? ', polling servers up' : ''}\n`);

    // Concerts first (their creation is broadcast, and must not reach the clients), opening after
    // a lead long enough for every client to connect: LEAD_MS plus ~2 ms per socket to open.
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

    const systems: { name: string; servers: Started[]; expected: ExpectedTransition[] }[] = [
      { name: 'service', servers: instances, expected },
      ...(floor.length ? [{ name: 'floor (plain Socket.IO + Redis adapter, timers)', servers: floor, expected: floorExpected }] : []),
      ...(polling.length ? [{ name: 'polling (1 s scan, whole catalogue)', servers: polling, expected }] : []),
    ];
    const connectStarted = Date.now();
    for (const system of systems) {
      const fleet = startFleet({ urls: system.servers.map((i) => i.baseUrl), clients: CLIENTS, workers: WORKERS, reason: 'SALE_STATUS_TRANSITION' });
      fleets.push(fleet);
      const { connected, failed } = await fleet.connect();
      process.stdout.write(`${system.name}: ${connected} clients connected (${failed} failed)\n`);
    }
    process.stdout.write(`all clients connected in ${Date.now() - connectStarted} ms\n`);
    const firstBoundary = expected[0]?.boundaryAt ?? Date.now();
    if (Date.now() > firstBoundary - 1_000) process.stdout.write('WARNING: clients were still connecting close to the first boundary (raise BENCH_LEAD_MS)\n');

    const watched = [...instances, ...floor, ...polling];
    const clientPids = fleets.flatMap((f) => f.pids());
    const cpuStart = watched.map((i) => cpuSeconds(i.pid));
    const clientCpuStart = clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const endWindow = startWindow();
    const lastBoundary = (floorExpected[floorExpected.length - 1] ?? expected[expected.length - 1])?.boundaryAt ?? Date.now();
    const windowStart = Math.min(Date.now(), firstBoundary);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastBoundary + GRACE_MS - Date.now())));
    const windowS = (Date.now() - windowStart) / 1000;
    const machineLoad = endWindow();
    const cpu = watched.map((i, k) => (cpuSeconds(i.pid) - (cpuStart[k] as number)) / windowS);
    const peaks = watched.map((i) => peakRssKb(i.pid));
    const clientCpu = (clientPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - clientCpuStart) / windowS;
    const results = await Promise.all(fleets.map((f) => f.finish()));
    fleets.length = 0;
    const reports = systems.map((system, k) => analyzeDelivery(results[k] as WorkerResult[], CLIENTS, system.expected));
    const breakdown = await latencyBreakdown(database.url, results[0] as WorkerResult[]);

    const own = reports[0] as DeliveryReport;
    const rows: Row[] = systems.map((system, k) => deliveryRow(system.name, reports[k] as DeliveryReport, CLIENTS));
    const floorReport = floor.length ? (reports[1] as DeliveryReport) : null;
    const pollingReport = polling.length ? (reports[systems.length - 1] as DeliveryReport) : null;
    const verdicts: string[] = [
      `p99 ${own.latencyMs.p99} ms vs target < ${TARGET_P99_MS} ms: ${own.latencyMs.p99 < TARGET_P99_MS ? 'met' : 'MISSED'}`,
      `misses ${own.misses}: ${own.misses === 0 ? 'met' : 'MISSED'}; duplicates after dedup ${own.duplicatesAfterDedup}: ${own.duplicatesAfterDedup === 0 ? 'met' : 'MISSED'}`,
    ];
    if (floorReport) {
      const ratio = own.latencyMs.p99 / floorReport.latencyMs.p99;
      verdicts.push(`p99 service / floor = ${round(ratio, 2)} (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);
    }
    if (pollingReport) {
      const ratio = pollingReport.latencyMs.p50 / own.latencyMs.p50;
      verdicts.push(`p50 polling / service = ${round(ratio, 1)} (target ≥ 10: ${ratio >= 10 ? 'met' : 'MISSED'})`);
    }
    const perInstance: Row[] = [
      ...watched.map((inst, k) => ({
        process: inst.name,
        'CPU % (window)': round((cpu[k] as number) * 100, 0),
        'peak RSS MiB': round((peaks[k] as number) / 1024, 0),
      })),
      { process: `client processes (${clientPids.length})`, 'CPU % (window)': round(clientCpu * 100, 0), 'peak RSS MiB': null },
      { process: `whole machine (${machineLoad.machineBusyPercent}% of 2 cores busy, load ${machineLoad.loadAverage1m})`, 'CPU % (window)': machineLoad.machineBusyPercent * 2, 'peak RSS MiB': null },
    ];
    writeResults(
      RESULT_NAME,
      process.env.BENCH_COMMAND ?? 'npm run bench:live',
      [
        { title: `Transition delivery: ${CLIENTS} clients per system over ${INSTANCES} instances, ${CONCERTS} transitions`, rows, notes: [
          ...verdicts,
          'Latency = client receipt (Date.now() in the client process) minus the boundary instant (saleOpensAt); all processes on one machine, one clock.',
          `Clients: plain socket.io-client (websocket transport) in ${WORKERS} child processes per system, round-robin over the instances; all systems' clients connected at once.`,
          `service: ${own.delivered} of ${own.expectedDeliveries} deliveries; ${own.messages} refresh messages received; ${own.disconnects} disconnects.`,
        ] },
        { title: `Where the service's time goes (outbox timestamps; ${breakdown.events} transition events)`, rows: breakdownRows(breakdown), notes: [
          'recorded_at is taken by the instance when it computes the transition; sent_at after the emit through the Redis adapter returned.',
        ] },
        { title: 'Processes during the transition window', rows: perInstance },
      ],
      { config: { CLIENTS, INSTANCES, CONCERTS, LEAD_MS, SPREAD_MS, GRACE_MS, WORKERS, BASELINES: [...BASELINES] }, machineLoad, reports: Object.fromEntries(systems.map((s, k) => [s.name, reports[k]])), breakdown },
    );
  });
}

await main();
