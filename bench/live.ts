// `npm run bench:live` — transition delivery across instances. Three service processes share a
// fresh database and Redis (unique key prefix); N Socket.IO clients (default 1 000) in worker
// threads spread over them; M concerts (default 100) whose sales open one after another between
// +LEAD and +LEAD+SPREAD from creation. Per transition and client: receipt time minus the boundary
// instant (same machine, same clock). Reports p50/p95/p99/max, misses, duplicates before and after
// dedup, CPU and peak RSS per instance. Bounded: setup + LEAD + SPREAD + GRACE (about a minute).

import { createBenchDatabase, REDIS_URL, uniqueRedisPrefix, withClient } from './lib/database.js';
import { startFleet } from './lib/client-fleet.js';
import { analyzeDelivery, type ExpectedTransition } from './lib/delivery.js';
import { adminHeaders, startInstance, stopAll, stopAllOnSignals, type Started } from './lib/processes.js';
import { cpuSeconds, peakRssKb } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round, summarize, type Summary } from './lib/stats.js';
import type { WorkerResult } from './live-client-worker.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const CONCERTS = Number(process.env.BENCH_CONCERTS ?? 100);
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 20_000);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 10_000);
const GRACE_MS = Number(process.env.BENCH_GRACE_MS ?? 5_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const TARGET_P99_MS = 100;

export async function createOpeningConcerts(baseUrl: string, count: number, firstAt: number, spreadMs: number): Promise<ExpectedTransition[]> {
  const expected: ExpectedTransition[] = [];
  for (let i = 0; i < count; i += 1) {
    const openAt = firstAt + Math.round((i * spreadMs) / Math.max(1, count - 1));
    const response = await fetch(`${baseUrl}/api/admin/concerts`, {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ title: `Bench opening ${i}`, artistName: `Bench Artist ${i % 20}`, totalSeatCount: 500, generalSaleStartAt: new Date(openAt).toISOString() }),
    });
    if (response.status !== 201) throw new Error(`create failed ${response.status}: ${await response.text()}`);
    const { card } = (await response.json()) as { card: { id: number } };
    expected.push({ concertId: card.id, boundaryAt: openAt, status: 'OPEN' });
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

async function main(): Promise<void> {
  const database = await createBenchDatabase();
  const prefix = uniqueRedisPrefix('live');
  const cleanup = async () => {
    await stopAll();
    await database.drop().catch(() => undefined);
  };
  stopAllOnSignals(cleanup);
  try {
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    // The first instance migrates; the others start once the schema is there.
    const first = await startInstance('live-1', env);
    const instances: Started[] = [first, ...(await Promise.all(Array.from({ length: INSTANCES - 1 }, (_, i) => startInstance(`live-${i + 2}`, env))))];
    process.stdout.write(`${INSTANCES} instances up: ${instances.map((i) => i.baseUrl).join(' ')}\n`);

    const createdAt = Date.now();
    const expected = await createOpeningConcerts(first.baseUrl, CONCERTS, createdAt + LEAD_MS, SPREAD_MS);
    process.stdout.write(`${CONCERTS} concerts created in ${Date.now() - createdAt} ms, opening from +${LEAD_MS / 1000}s over ${SPREAD_MS / 1000}s\n`);

    const fleet = startFleet({ urls: instances.map((i) => i.baseUrl), clients: CLIENTS, workers: WORKERS, reason: 'SALE_STATUS_TRANSITION' });
    const connectStarted = Date.now();
    const { connected, failed } = await fleet.connect();
    process.stdout.write(`${connected} clients connected (${failed} failed) in ${Date.now() - connectStarted} ms\n`);
    const firstBoundary = expected[0]?.boundaryAt ?? Date.now();
    if (Date.now() > firstBoundary - 1_000) process.stdout.write('WARNING: clients were still connecting close to the first boundary\n');

    const cpuStart = instances.map((i) => cpuSeconds(i.pid));
    const lastBoundary = expected[expected.length - 1]?.boundaryAt ?? Date.now();
    const windowStart = Math.min(Date.now(), firstBoundary);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastBoundary + GRACE_MS - Date.now())));
    const windowS = (Date.now() - windowStart) / 1000;
    const cpu = instances.map((i, k) => (cpuSeconds(i.pid) - (cpuStart[k] as number)) / windowS);
    const peaks = instances.map((i) => peakRssKb(i.pid));
    const results = await fleet.finish();
    const report = analyzeDelivery(results, CLIENTS, expected);
    const breakdown = await latencyBreakdown(database.url, results);

    const l = report.latencyMs;
    const rows: Row[] = [
      {
        clients: CLIENTS,
        instances: INSTANCES,
        transitions: report.transitions,
        'p50 ms': l.p50,
        'p95 ms': l.p95,
        'p99 ms': l.p99,
        'max ms': l.max,
        misses: report.misses,
        'raw dup msgs': report.rawDuplicateMessages,
        'dup publications': report.duplicatePublications,
        'dups after dedup': report.duplicatesAfterDedup,
        early: report.early,
        [`target p99<${TARGET_P99_MS}`]: l.p99 < TARGET_P99_MS && report.misses === 0 && report.duplicatesAfterDedup === 0 ? 'met' : 'MISSED',
      },
    ];
    const perInstance: Row[] = instances.map((inst, k) => ({
      instance: inst.name,
      'CPU % (window)': round((cpu[k] as number) * 100, 0),
      'peak RSS MiB': round((peaks[k] as number) / 1024, 0),
    }));
    writeResults(
      'live',
      'npm run bench:live',
      [
        { title: `Transition delivery: ${CLIENTS} clients over ${INSTANCES} instances, ${CONCERTS} transitions`, rows, notes: [
          'Latency = client receipt (Date.now() in the client worker) minus the boundary instant (saleOpensAt); all processes on one machine, one clock.',
          `Clients: plain socket.io-client (websocket transport) in ${WORKERS} worker threads of the bench process, round-robin over the instances.`,
          `${report.delivered} of ${report.expectedDeliveries} deliveries; ${report.messages} refresh messages received; ${report.disconnects} disconnects.`,
        ] },
        { title: `Where the time goes (outbox timestamps; ${breakdown.events} transition events)`, rows: breakdownRows(breakdown), notes: [
          'recorded_at is taken by the instance when it computes the transition; sent_at after the emit through the Redis adapter returned.',
        ] },
        { title: 'Instances during the transition window', rows: perInstance },
      ],
      { config: { CLIENTS, INSTANCES, CONCERTS, LEAD_MS, SPREAD_MS, GRACE_MS, WORKERS }, report, breakdown, connected, failed },
    );
  } finally {
    await cleanup();
  }
}

await main();
