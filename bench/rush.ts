// `npm run bench:rush` — reservation rush: 5 000 single-seat reservation requests for 1 000 seats in
// ~10 s, spread over three instances (autocannon per instance, rate-limited to the overall pace),
// while 300 Socket.IO clients watch. Checks no oversell (exactly 1 000 × 201, seats end at 0, the
// last event says SOLD_OUT), and reports requests/s, latency, and how many refresh events per
// concert per second reached the clients (the inventory coalescing window at work).

import autocannon from 'autocannon';
import { RECORDERS, startFleet } from './lib/fleet/fleet.js';
import type { DeliveryResult } from './lib/fleet/recorders/delivery-recorder.js';
import { REDIS_URL, uniqueRedisPrefix } from './lib/database.js';
import { adminHeaders } from './lib/processes.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun, startInstances } from './lib/bench-run.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const SEATS = Number(process.env.BENCH_SEATS ?? 1_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 300);

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const prefix = uniqueRedisPrefix('rush');
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: prefix };
    const instances = await startInstances('rush', INSTANCES, env);
    const first = instances[0]!;
    const created = await fetch(`${first.baseUrl}/api/admin/concerts`, {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ title: 'Rush', artistName: 'Rush Artist', totalSeatCount: SEATS, generalSaleStartAt: new Date(Date.now() - 60_000).toISOString() }),
    });
    const { card } = (await created.json()) as { card: { id: number; saleStatus: string } };
    process.stdout.write(`concert ${card.id} (${card.saleStatus}), ${SEATS} seats\n`);
    const fleet = startFleet<DeliveryResult>({ urls: instances.map((i) => i.baseUrl), clients: CLIENTS, workers: 1, recorder: { module: RECORDERS.delivery } });
    fleets.push(fleet);
    await fleet.connect();

    const per = Math.ceil(REQUESTS / INSTANCES);
    const started = Date.now();
    const runs = await Promise.all(
      instances.map((instance) =>
        autocannon({
          url: `${instance.baseUrl}/api/concerts/${card.id}/reservations`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ quantity: 1 }),
          connections: Number(process.env.BENCH_CONNECTIONS ?? 40),
          amount: per,
          overallRate: Math.ceil(per / DURATION_S),
        }),
      ),
    );
    const rushS = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the last coalesced event arrive
    const results = await fleet.finish();
    fleets.length = 0;

    const final = (await (await fetch(`${first.baseUrl}/api/concerts/${card.id}/card`)).json()) as { card: { availableSeatCount: number; saleStatus: string } };
    const count = (code: string) => runs.reduce((sum, r) => sum + (r.statusCodeStats[code]?.count ?? 0), 0);
    const created201 = count('201');
    const conflict409 = count('409');
    const total = runs.reduce((sum, r) => sum + r.requests.total, 0);
    const other = total - created201 - conflict409;
    // events per client for the concert (distinct seqs; the worker already dropped raw duplicates)
    const perClient = new Map<number, { seqs: Set<number>; last: { seq: number; status: string; seats?: number } | null }>();
    for (const r of results) {
      for (let i = 0; i < r.client.length; i += 1) {
        if (r.concert[i] !== card.id) continue;
        const c = r.client[i] as number;
        let entry = perClient.get(c);
        if (!entry) perClient.set(c, (entry = { seqs: new Set(), last: null }));
        entry.seqs.add(r.seq[i] as number);
        if (!entry.last || (r.seq[i] as number) > entry.last.seq) entry.last = { seq: r.seq[i] as number, status: r.statusNames[r.status[i] as number] as string };
      }
    }
    const eventCounts = [...perClient.values()].map((e) => e.seqs.size);
    const meanEvents = eventCounts.reduce((s, n) => s + n, 0) / Math.max(1, eventCounts.length);
    const lastSoldOut = [...perClient.values()].filter((e) => e.last?.status === 'SOLD_OUT').length;
    const noOversell = created201 === SEATS && final.card.availableSeatCount === 0;
    const rows: Row[] = instances.map((instance, k) => {
      const r = runs[k] as (typeof runs)[number];
      return { instance: instance.name, requests: r.requests.total, 'req/s': round(r.requests.total / rushS, 0), 'p50 ms': r.latency.p50, 'p97.5 ms': r.latency.p97_5, 'p99 ms': r.latency.p99, 'max ms': r.latency.max, 'ok (201)': r.statusCodeStats['201']?.count ?? 0, 'refused (409)': r.statusCodeStats['409']?.count ?? 0 };
    });
    writeResults('rush', 'npm run bench:rush', [
      {
        title: `Reservation rush: ${total} requests for ${SEATS} seats over ${INSTANCES} instances in ${round(rushS, 1)} s`,
        rows,
        notes: [
          `No oversell: ${noOversell ? 'met' : 'MISSED'} — ${created201} reservations succeeded (201), ${conflict409} refused (409), ${other} other; seats at the end: ${final.card.availableSeatCount} (${final.card.saleStatus}).`,
          `Overall ${round(total / rushS, 0)} req/s (paced at ~${Math.ceil(REQUESTS / DURATION_S)} req/s).`,
          `Events reaching clients for the concert: ${round(meanEvents, 1)} per client over the rush = ${round(meanEvents / rushS, 2)} events per concert per second (${CLIENTS} clients; without coalescing it would be one per successful reservation, ${round(created201 / rushS, 0)}/s).`,
          `Clients whose last event for the concert said SOLD_OUT: ${lastSoldOut} of ${perClient.size}.`,
        ],
      },
    ], { runs: runs.map((r) => ({ requests: r.requests, latency: r.latency, statusCodeStats: r.statusCodeStats })), created201, conflict409, other, final: final.card, meanEvents, rushS, lastSoldOut });
  });
}

await main();
