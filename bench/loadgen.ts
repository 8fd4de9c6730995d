// `npm run bench:loadgen` — what the load generator itself costs: the lean client beside
// socket.io-client (and beside the floor under both: lean sockets decoding nothing), each in one process holding the same number of sockets (BENCH_SOCKETS, default
// 1 000) on the same plain Socket.IO server (socket-baseline-server.ts, floor mode), receiving the
// very same broadcasts (BENCH_RATE per second for BENCH_DURATION_S: a refresh envelope around one
// card, ~850 bytes, as the service sends). Per kind: CPU seconds per message from /proc over the
// window, less the process's idle rate measured just before; the lean ÷ socket.io-client fraction;
// RSS per socket; and the delivery figures of both, which must agree. ~1 min.

import { REDIS_URL, uniqueRedisPrefix } from './lib/database.js';
import { analyzeDelivery, type ExpectedTransition } from './lib/delivery.js';
import { RECORDERS, startFleet, totalStats, type Fleet } from './lib/fleet/fleet.js';
import type { DeliveryResult } from './lib/fleet/recorders/delivery-recorder.js';
import type { ClientKind } from './lib/fleet/recorder.js';
import { agreement, deliveryRow } from './lib/live-figures.js';
import { startBaseline } from './lib/live-setup.js';
import { cpuSeconds, cpuSplit, startWindow } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun } from './lib/bench-run.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 5);
const LEAD_MS = 3_000;
const GRACE_MS = 3_000;
interface Variant {
  readonly label: string;
  readonly kind: ClientKind;
  readonly recorder: string;
}
// The third is the floor under the lean client: the same sockets with nothing decoded (count
// recorder), i.e. what `ws`, Node's net stack and the kernel cost per message by themselves.
const VARIANTS: Variant[] = [
  { label: 'lean', kind: 'lean', recorder: RECORDERS.delivery },
  { label: 'socket.io-client', kind: 'socket.io-client', recorder: RECORDERS.delivery },
  { label: 'floor: lean sockets, nothing decoded (ws + net + kernel)', kind: 'lean', recorder: RECORDERS.count },
];
const MEASURED = VARIANTS.slice(0, 2);

/** A card as the service puts it on the wire (CONTRACT.md "Card"), opening now. */
function card(id: number): Record<string, unknown> {
  return {
    id, title: `Bench opening ${id}`, artistName: `Bench Artist ${id % 20}`, artistDisplayName: null, artistGenre: null, artistDebutDate: null,
    entertainmentName: 'Bench Entertainment', entertainmentCountryCode: 'KR', entertainmentHomepageUrl: 'https://entertainment.example/bench',
    promoterName: 'Bench Promoter', promoterCountryCode: 'KR', promoterHomepageUrl: 'https://promoter.example/bench',
    thumbnailUrl: `https://img.example/concerts/${id}/thumb.jpg`, youtubeVideoUrl: null, saleStatus: 'OPEN', saleOpensAt: new Date().toISOString(),
    saleOpensInSeconds: 0, reservationButtonVisible: true, reservationButtonEnabled: true, availableSeatCount: 500, totalSeatCount: 500, remainingRate: 1, version: 2,
  };
}

async function main(): Promise<void> {
  await benchRun(async ({ fleets }) => {
    const [server] = await startBaseline('floor', 1, { REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('loadgen') });
    if (!server) throw new Error('no floor server');
    const byKind = new Map<Variant, Fleet<DeliveryResult>>();
    for (const [k, variant] of VARIANTS.entries()) {
      const fleet = startFleet<DeliveryResult>({ kind: variant.kind, urls: [server.baseUrl], clients: SOCKETS, workers: 1, firstClient: k * SOCKETS, recorder: { module: variant.recorder } });
      fleets.push(fleet);
      byKind.set(variant, fleet);
    }
    // Both kinds connect at once, so their sockets interleave in the room: the server writes each
    // broadcast socket by socket in join order, and a kind that joined last would always get it last.
    await Promise.all(
      VARIANTS.map(async (variant) => {
        const { connected, failed, ms } = await (byKind.get(variant) as Fleet).connect();
        process.stdout.write(`${variant.label}: ${connected} sockets connected in ${ms} ms (${failed} failed)\n`);
      }),
    );
    const count = Math.round(RATE * DURATION_S);
    const firstAt = Date.now() + LEAD_MS + IDLE_S * 1000;
    const expected: ExpectedTransition[] = Array.from({ length: count }, (_, i) => ({ concertId: 1_000_000 + i, boundaryAt: firstAt + Math.round((i * 1000) / RATE), status: 'OPEN' }));
    const schedule = expected.map((t, i) => ({
      at: t.boundaryAt,
      payload: { event: 'CONCERTS_REFRESH', seq: 0, reason: 'SALE_STATUS_TRANSITION', items: [card(1_000_000 + i)], removedIds: [], serverNow: new Date(t.boundaryAt).toISOString(), serverNowEpochMs: t.boundaryAt, realtimeMode: 'websocket', hybridPollIntervalMillis: 30000, instanceId: 'floor-1' },
    }));
    await fetch(`${server.baseUrl}/schedule`, { method: 'POST', body: JSON.stringify(schedule) }).then((r) => r.text());

    // Idle rate first (pings, timers, GC with the sockets open), then the broadcast window.
    await new Promise((resolve) => setTimeout(resolve, LEAD_MS));
    const pids = VARIANTS.map((k) => byKind.get(k)?.pids()[0] as number);
    const idle0 = pids.map(cpuSeconds);
    await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000 - 100));
    const idle1 = pids.map(cpuSeconds);
    const statsStart = await Promise.all(VARIANTS.map((k) => byKind.get(k)?.stats() ?? []));
    const split0 = pids.map(cpuSplit);
    const windowStart = Date.now();
    const endWindow = startWindow();
    const serverCpu0 = cpuSeconds(server.pid);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, (expected[expected.length - 1]?.boundaryAt ?? 0) + GRACE_MS - Date.now())));
    const statsEnd = await Promise.all(VARIANTS.map((k) => byKind.get(k)?.stats() ?? []));
    const split1 = pids.map(cpuSplit);
    const windowS = (Date.now() - windowStart) / 1000;
    const serverCpu = cpuSeconds(server.pid) - serverCpu0;
    const machineLoad = endWindow();
    const results = await Promise.all(VARIANTS.map((k) => byKind.get(k)?.finish() ?? []));
    fleets.length = 0;

    const reports = MEASURED.map((_k, i) => analyzeDelivery(results[i] as DeliveryResult[], SOCKETS, expected));
    const idleRate = idle1.map((c, i) => (c - (idle0[i] as number)) / (IDLE_S - 0.1));
    const costs = VARIANTS.map((variant, i) => {
      const a = totalStats(statsStart[i] as never);
      const b = totalStats(statsEnd[i] as never);
      const cpu = b.cpuSeconds - a.cpuSeconds;
      const net = cpu - (idleRate[i] as number) * windowS;
      const messages = b.messages - a.messages;
      const perMessage = (seconds: number) => (seconds * 1e6) / Math.max(1, messages);
      const userUs = perMessage((split1[i]?.user ?? NaN) - (split0[i]?.user ?? NaN));
      const kernelUs = perMessage((split1[i]?.system ?? NaN) - (split0[i]?.system ?? NaN));
      return { label: variant.label, cpu, net, messages, usPerMessage: perMessage(net), userUs, kernelUs, rssKb: b.rssKb };
    });
    const control = costs[1] as (typeof costs)[number];
    const lean = costs[0] as (typeof costs)[number];
    const floor = costs[2] as (typeof costs)[number];
    const fraction = lean.usPerMessage / control.usPerMessage;
    // What each client adds above the floor both stand on (ws, net, kernel).
    const ownFraction = (lean.usPerMessage - floor.usPerMessage) / (control.usPerMessage - floor.usPerMessage);
    const costRows: Row[] = costs.map((c, i) => ({
      client: c.label,
      sockets: SOCKETS,
      'messages (window)': c.messages,
      'CPU s (window)': round(c.cpu, 2),
      'idle CPU %': round((idleRate[i] as number) * 100, 1),
      'net CPU µs / message': round(c.usPerMessage, 1),
      '÷ socket.io-client': round(c.usPerMessage / control.usPerMessage, 2),
      'user µs / msg': round(c.userUs, 1),
      'kernel µs / msg': round(c.kernelUs, 1),
      'user ÷ socket.io-client': round(c.userUs / control.userUs, 2),
      'messages / s per core': round(1e6 / c.usPerMessage, 0),
      'RSS MiB': round(c.rssKb / 1024, 0),
    }));
    const agreed = agreement(reports[0] as never, reports[1] as never);
    writeResults('loadgen', 'npm run bench:loadgen', [
      {
        title: `Load generator cost: ${SOCKETS} sockets per client kind, one process each, ${count} broadcasts at ${RATE}/s`,
        rows: costRows,
        notes: [
          `Lean client CPU per message ÷ socket.io-client's: ${round(fraction, 2)} (same server, same messages, same window; idle rate subtracted); user-space only: ${round(lean.userUs / control.userUs, 2)}.`,
          `Above the floor (ws, Node's net stack and the kernel, measured by the third process: ${round(floor.usPerMessage, 1)} µs), the lean client adds ${round(lean.usPerMessage - floor.usPerMessage, 1)} µs per message and socket.io-client ${round(control.usPerMessage - floor.usPerMessage, 1)} µs: ${round(ownFraction, 2)} of it.`,
          'Kernel time (stime: epoll, one read per socket per broadcast, TCP receive) is the same work for every kind: no client written in Node avoids it.',
          `Server (one plain Socket.IO process writing to ${SOCKETS * VARIANTS.length} sockets): ${round(serverCpu, 2)} CPU s over the ${round(windowS, 0)} s window; machine ${machineLoad.machineBusyPercent} % of 2 cores busy, load ${machineLoad.loadAverage1m}.`,
        ],
      },
      {
        title: 'Delivery as each kind saw it (latency = receipt minus the scheduled emit instant)',
        rows: MEASURED.map((variant, i) => deliveryRow(variant.label, reports[i] as never, SOCKETS)),
        notes: [`The two agree: ${agreed.agrees ? 'yes' : 'NO'} — ${agreed.why}.`],
      },
    ], { config: { SOCKETS, RATE, DURATION_S, IDLE_S }, costs, idleRate, fraction, ownFraction, reports, agreement: agreed, machineLoad, serverCpu, windowS });
  });
}

await main();
