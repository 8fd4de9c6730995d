// `npm run bench:reconnect` (issue 11.2) — a reconnect storm. Three service instances with clients
// (and a fourth, "writer", with none: the reservations go through it, so the survivors' database
// counters hold what the storm costs, not the traffic's writes) share a fresh database and Redis.
// BENCH_CLIENTS (default 6 000) lean clients watch the same 40 cards — 20 open ones whose seats are
// reserved at BENCH_RATE per second, 20 whose sales open one after another during the run — over
// the three instances, in two fleets: replay clients and snapshot-only clients (recorders/
// reconnect-recorder.ts). Then kill -9 of instance 3: its clients reconnect after 100–1 000 ms
// (random) to a survivor — replay clients all to instance 1, snapshot clients all to instance 2, so
// each survivor's db_statements_total and request counts (its METRICS_PORT) show one mode's cost.
// Survivor costs: from the kill until every moved client is current, less the same instance's
// rate over the 6 s before the kill (same traffic, no storm).
// Events lost / duplicated are checked per client against the outbox (live_event) after a drain.

import { REDIS_URL, uniqueRedisPrefix, withClient } from './lib/database.js';
import { startFleet, RECORDERS, type Fleet } from './lib/fleet/fleet.js';
import type { ReconnectResult } from './lib/fleet/recorders/reconnect-recorder.js';
import { delta, modeFigures, modeRow, survivorReading, type SurvivorReading } from './lib/reconnect-figures.js';
import { adminHeaders, startInstance, type Started } from './lib/processes.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';
import { benchRun } from './lib/bench-run.js';
import { freePort } from '../test/support/loopback.js';
import { readFileSync } from 'node:fs';
import { cpuSeconds, startWindow } from './lib/proc-stats.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 6_000);
const RATE = Number(process.env.BENCH_RATE ?? 2);
const WINDOW_MS = 6_000;
const STORM_MAX_MS = Number(process.env.BENCH_STORM_MAX_MS ?? 60_000);
const DRAIN_MAX_MS = 30_000;
const KEYWORD = 'Stormwatch';
const SNAPSHOT_ROUTE = '/api/concerts/search';
const SNAPSHOT_PATH = `${SNAPSHOT_ROUTE}?keyword=${KEYWORD}&size=50`;
const TARGET_CURRENT_MS = 2_000;
const TARGET_REPLAY_STATEMENTS = 10;

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] as string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function createConcert(baseUrl: string, title: string, openAt: number): Promise<number> {
  const response = await fetch(`${baseUrl}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify({ title, artistName: 'Storm Artist', totalSeatCount: 100_000, generalSaleStartAt: new Date(openAt).toISOString() }) });
  if (response.status !== 201) throw new Error(`create failed ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { card: { id: number } }).card.id;
}

const UNREAD: SurvivorReading = { statements: NaN, replaysRing: NaN, replaysOutbox: NaN, resyncs: NaN, snapshots: NaN };
let unreadable = 0;

async function metrics(url: string): Promise<SurvivorReading> {
  // A starved instance may answer late; a reading that never comes must not hang the run.
  try {
    return survivorReading(await (await fetch(url, { signal: AbortSignal.timeout(15_000) })).text(), SNAPSHOT_ROUTE);
  } catch {
    unreadable += 1;
    return UNREAD;
  }
}

/** Reserves one seat at `rate` per second on `ids` (round robin) through `url` until stopped. */
function reserveAtRate(url: string, ids: readonly number[], rate: number): { stop(): Promise<number> } {
  let sent = 0;
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const started = Date.now();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (!stopped && sent < due) {
      const id = ids[sent % ids.length] as number;
      sent += 1;
      const p = fetch(`${url}/api/concerts/${id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' }).then((r) => r.arrayBuffer(), () => undefined);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  }, 20);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      return sent;
    },
  };
}

/** Until the clients have received nothing for two polls a second apart (at most DRAIN_MAX_MS). */
async function drain(fleets: readonly Fleet[]): Promise<number> {
  const started = Date.now();
  let previous = -1;
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < DRAIN_MAX_MS) {
    await sleep(1_000);
    const total = (await Promise.all(fleets.map((f) => f.stats()))).flat().reduce((sum, w) => sum + w.messages, 0);
    quiet = total === previous ? quiet + 1 : 0;
    previous = total;
  }
  return Date.now() - started;
}

async function main(): Promise<void> {
  await benchRun(async ({ database, fleets }) => {
    const base = { DATABASE_URL: database.url, REDIS_URL, REDIS_KEY_PREFIX: uniqueRedisPrefix('reconnect'), DATABASE_POOL_SIZE: '4', AGENDA_POOL_SIZE: '3', MAX_CONNECTIONS_PER_ADDRESS: '1000000', MAX_CONNECTIONS: '100000', HEARTBEAT_EVERY_MS: '2000', METRICS_HOST: '127.0.0.1' };
    const withMetrics = async (name: string) => {
      const port = await freePort();
      return { started: await startInstance(name, { ...base, METRICS_PORT: String(port) }), metricsUrl: `http://127.0.0.1:${port}/metrics` };
    };
    const first = await withMetrics('reconnect-1');
    const rest = await Promise.all(['reconnect-2', 'reconnect-3', 'reconnect-writer'].map(withMetrics));
    const [i1, i2, i3, writer] = [first, ...rest] as [typeof first, typeof first, typeof first, typeof first];
    const servers: Started[] = [i1.started, i2.started, i3.started];
    process.stdout.write(`4 instances up (load ${load()})\n`);

    const now = Date.now();
    const open = await Promise.all(Array.from({ length: 20 }, (_, k) => createConcert(writer.started.baseUrl, `${KEYWORD} open ${k}`, now - 60_000)));
    // Openings from after the clients are connected, one every 1.5 s for 30 s: the kill comes 10 s
    // in, so they flow through the window before it, the storm and after.
    const openingAt = now + 30_000 + Math.round(CLIENTS * 5);
    const opening = await Promise.all(Array.from({ length: 20 }, (_, k) => createConcert(writer.started.baseUrl, `${KEYWORD} opening ${k}`, openingAt + k * 1_500)));
    const ids = [...open, ...opening].sort((a, b) => a - b);
    const check = (await (await fetch(`${i1.started.baseUrl}${SNAPSHOT_PATH}`)).json()) as { items: unknown[] };
    if (check.items.length !== ids.length) throw new Error(`snapshot holds ${check.items.length} cards, expected ${ids.length}`);

    const urls = servers.map((s) => s.baseUrl);
    const reconnect = { minDelayMs: 100, maxDelayMs: 1_000, rotate: true };
    // Client i starts on urls[i % 3] and, after a drop, tries urls[(i + 1) % 3]: instance 3's
    // clients go to the first URL of their fleet's list.
    const replay = startFleet<ReconnectResult>({ urls, clients: CLIENTS / 2, reconnect, recorder: { module: RECORDERS.reconnect, options: { ids, snapshotPath: SNAPSHOT_PATH, mode: 0 } }, label: 'replay' });
    const snapshot = startFleet<ReconnectResult>({ urls: [urls[1], urls[0], urls[2]] as string[], clients: CLIENTS / 2, firstClient: CLIENTS / 2, reconnect, recorder: { module: RECORDERS.reconnect, options: { ids, snapshotPath: SNAPSHOT_PATH, mode: 1 } }, label: 'snapshot' });
    fleets.push(replay, snapshot);
    const connected = await Promise.all([replay.connect(), snapshot.connect()]);
    process.stdout.write(`${connected.map((c) => `${c.connected} connected in ${c.ms} ms (${c.failed} failed)`).join('; ')} (load ${load()})\n`);
    await sleep(3_000); // heartbeats give every client a position and an epoch

    const startSeq = await withClient(database.url, async (c) => Number((await c.query<{ s: string | null }>('select max(seq) as s from live_event')).rows[0]?.s ?? 0));
    const traffic = reserveAtRate(writer.started.baseUrl, open, RATE);
    if (Date.now() > openingAt) process.stdout.write('WARNING: clients connected after the first opening (raise the lead)\n');
    await sleep(Math.max(2_000, openingAt + 10_000 - WINDOW_MS - Date.now()));
    const before0 = await Promise.all([metrics(i1.metricsUrl), metrics(i2.metricsUrl)]);
    await sleep(WINDOW_MS);
    const before1 = await Promise.all([metrics(i1.metricsUrl), metrics(i2.metricsUrl)]);
    const killLoad = load();
    const cpuAtKill = [i1.started.pid, i2.started.pid, ...replay.pids(), ...snapshot.pids()].map(cpuSeconds);
    const endMachine = startWindow();
    const killAt = Date.now();
    i3.started.child.kill('SIGKILL');
    process.stdout.write(`killed ${i3.started.name} (pid ${i3.started.pid}) at load ${killLoad}\n`);
    // The storm window: until every moved client is current (at least WINDOW_MS, at most STORM_MAX_MS).
    let progress = { moved: 0, current: 0 };
    for (;;) {
      await sleep(500);
      const replies = (await Promise.all([replay.command<{ moved: number; current: number }>('progress'), snapshot.command<{ moved: number; current: number }>('progress')])).flat();
      progress = { moved: replies.reduce((sum, r) => sum + r.moved, 0), current: replies.reduce((sum, r) => sum + r.current, 0) };
      const elapsed = Date.now() - killAt;
      if ((progress.moved > 0 && progress.current === progress.moved && elapsed >= WINDOW_MS) || elapsed >= STORM_MAX_MS) break;
    }
    const stormMs = Date.now() - killAt;
    const cpuAtEnd = [i1.started.pid, i2.started.pid, ...replay.pids(), ...snapshot.pids()].map(cpuSeconds);
    const machine = endMachine();
    // % of one core over the storm window: survivor 1, survivor 2, then all client processes.
    const cpuPercent = cpuAtEnd.map((c, k) => round(((c - (cpuAtKill[k] as number)) / (stormMs / 1000)) * 100, 0));
    const clientCpuPercent = cpuPercent.slice(2).reduce((sum, c) => sum + c, 0);
    const after = await Promise.all([metrics(i1.metricsUrl), metrics(i2.metricsUrl)]);
    process.stdout.write(`storm window ${stormMs} ms: ${progress.current} of ${progress.moved} moved clients current (load ${load()})\n`);
    await sleep(5_000); // traffic and openings go on past the storm
    const sent = await traffic.stop();
    const drainedMs = await drain([replay, snapshot]);
    const endSeq = await withClient(database.url, async (c) => Number((await c.query<{ s: string | null }>('select max(seq) as s from live_event')).rows[0]?.s ?? 0));
    const expected = await withClient(database.url, async (c) => (await c.query<{ seq: string }>('select seq from live_event where seq > $1 and seq <= $2 order by seq', [startSeq, endSeq])).rows.map((r) => Number(r.seq)));
    const transitions = await withClient(database.url, async (c) => (await c.query<{ n: string }>(`select count(*) as n from live_event where reason = 'SALE_STATUS_TRANSITION' and recorded_at between to_timestamp($1 / 1000.0) and to_timestamp($2 / 1000.0)`, [killAt - WINDOW_MS, killAt + stormMs])).rows[0]?.n);
    const [replayResults, snapshotResults] = await Promise.all([replay.finish(), snapshot.finish()]);
    fleets.length = 0;

    const replayFigures = modeFigures(replayResults, 0, killAt, expected);
    const snapshotFigures = modeFigures(snapshotResults, 1, killAt, expected);
    const baseline = [delta(before0[0] as SurvivorReading, before1[0] as SurvivorReading), delta(before0[1] as SurvivorReading, before1[1] as SurvivorReading)];
    const storm = [delta(before1[0] as SurvivorReading, after[0] as SurvivorReading), delta(before1[1] as SurvivorReading, after[1] as SurvivorReading)];
    const scale = stormMs / WINDOW_MS; // the baseline window is WINDOW_MS; the storm's may be longer
    const survivorRows: Row[] = (['replay', 'snapshot'] as const).map((mode, k) => ({
      survivor: `${servers[k]?.name} (moved ${mode} clients)`,
      'DB statements, storm window': storm[k]?.statements ?? NaN,
      'DB statements, 6 s before (scaled)': round((baseline[k]?.statements ?? NaN) * scale, 0),
      'storm excess': round((storm[k]?.statements ?? NaN) - (baseline[k]?.statements ?? NaN) * scale, 0),
      'snapshots served': storm[k]?.snapshots ?? NaN,
      'replays ring/outbox/resync': `${storm[k]?.replaysRing}/${storm[k]?.replaysOutbox}/${storm[k]?.resyncs}`,
    }));
    const worst = Math.max(replayFigures.currentMs.max, snapshotFigures.currentMs.max);
    const allCurrent = replayFigures.current === replayFigures.moved && snapshotFigures.current === snapshotFigures.moved;
    const replayExcess = round((storm[0]?.statements ?? NaN) - (baseline[0]?.statements ?? NaN) * scale, 0);
    const lost = replayFigures.lost + snapshotFigures.lost;
    const dup = replayFigures.duplicatesAfterDedup + snapshotFigures.duplicatesAfterDedup;
    const failures = [...replayResults, ...snapshotResults].map((r) => r.failures).filter((f) => Object.keys(f).length > 0);
    writeResults(
      'reconnect',
      `BENCH_CLIENTS=${CLIENTS} npm run bench:reconnect`,
      [
        { title: `kill -9 of one of three instances, ${CLIENTS} clients watching 40 cards, ms after the kill`, rows: [modeRow(replayFigures, killLoad), modeRow(snapshotFigures, killLoad)], notes: [
          `Every moved client current within ${TARGET_CURRENT_MS} ms of the kill: ${allCurrent && worst <= TARGET_CURRENT_MS ? 'met' : 'MISSED'} (slowest ${round(worst, 0)} ms; ${replayFigures.current + snapshotFigures.current} of ${replayFigures.moved + snapshotFigures.moved} current).`,
          `Replay DB statements (survivor ${servers[0]?.name}, storm excess: its statements from the kill until every moved client was current (${round(stormMs / 1000, 1)} s), less its rate in the 6 s before the kill over as long): ${replayExcess} (target ≤ ${TARGET_REPLAY_STATEMENTS}: ${replayExcess <= TARGET_REPLAY_STATEMENTS ? 'met' : 'MISSED'}); ${transitions} boundary transitions were recorded in the two windows (each costs the instance whose Agenda ran it a few statements, on either side of the subtraction).`,
          `CPU over the storm window (% of one core): survivor ${servers[0]?.name} ${cpuPercent[0]} %, ${servers[1]?.name} ${cpuPercent[1]} %, the client processes ${clientCpuPercent} %; the whole machine ${machine.machineBusyPercent} % of 2 cores busy (load ${machine.loadAverage1m}).`,
          `Events lost ${lost}, duplicated after dedup ${dup} (targets 0: ${lost === 0 && dup === 0 ? 'met' : 'MISSED'}); checked against the ${expected.length} outbox rows from seq ${startSeq + 1} to ${endSeq} (a moved snapshot client is checked after its snapshot's seq).`,
          `Collection: ${round(drainedMs / 1000, 0)} s of drain after the traffic stopped (until nothing arrived for two 1 s polls, at most ${DRAIN_MAX_MS / 1000} s), so a loss is not a queue.`,
          'current = replay: the watch ack with `replayed` arrived (the missed events were sent before it); snapshot: the snapshot answered after the re-watch. Reconnect delay 100–1 000 ms, random, as a browser client would.',
          ...(unreadable ? [`${unreadable} /metrics readings did not answer within 15 s (a survivor starved of CPU): their figures are NaN.`] : []),
          `Traffic: ${sent} reservations at ${RATE}/s through the writer instance (no clients on it), 20 sale openings from ${new Date(openingAt).toISOString()} one every 1.5 s; heartbeats every 2 s.${failures.length ? ` Client failures: ${JSON.stringify(failures)}` : ''}`,
        ] },
        { title: `Survivors: what the storm cost them (their /metrics, METRICS_PORT; storm window ${round(stormMs / 1000, 1)} s)`, rows: survivorRows, notes: ["db_statements_total counts the service's write and read pools (not Agenda's)."] },
      ],
      { CLIENTS, RATE, killAt, stormMs, drainedMs, cpuPercent, machine, startSeq, endSeq, expected: expected.length, replay: replayFigures, snapshot: snapshotFigures, baseline, storm, transitions },
    );
  });
}

await main();
