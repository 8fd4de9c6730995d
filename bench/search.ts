// `npm run bench:search` — snapshot (search) throughput and latency on a 10 000-concert database,
// beside two HTTP floors. One service instance runs as its own process on a fresh database. The
// bare floor (http-floor-server.ts) is a koa process with no middleware serving, for each variant,
// the exact bytes the service returned. The full-stack floor (http-stack-floor-server.ts) is the
// service's own HTTP app (same middleware, validation and route encoding) whose search use case
// returns a precomputed result rebuilt from those bytes — it isolates what search itself costs.
// autocannon drives all three from this process. Each variant's duration is split into ROUNDS
// slices that alternate service and floors, so load from anything else on a shared machine hits
// all alike; each ratio is taken per round and its median reported. Bounded: ~ variants × 3 × (warm-up + duration) s.

import { fetchBodies, load, loadAverage, searchBenchScratch, median, searchVariants, startFloors, type LoadResult } from './http-floors.js';
import { seedCatalogue } from './lib/catalogue-seed.js';
import { uniqueRedisPrefix } from './lib/database.js';
import { startInstance } from './lib/processes.js';
import { cpuSeconds, peakRssKb } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';

const CONCERTS = Number(process.env.BENCH_CONCERTS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 5);
/** Issue 11.5: the full-stack floor at ≥ 0.6 × bare koa, search at ≥ 0.9 × the full-stack floor. */
const STACK_TARGET = 0.6;
const SEARCH_TARGET = 0.9;

interface Measured extends LoadResult {
  /** CPU seconds the server process used during the run (/proc/<pid>/stat, user + system). */
  readonly cpuS: number;
}

/** One autocannon run, with the CPU the server process spent on it. */
async function measured(pid: number, url: string, durationS: number): Promise<Measured> {
  const before = cpuSeconds(pid);
  const result = await load(url, durationS);
  return { ...result, cpuS: cpuSeconds(pid) - before };
}

/**
 * Server CPU µs per request over all rounds: what a request costs, whatever share of the cores the
 * process got. With `idlePerS`, net of what the process spends per second with no request at all.
 */
const cpuPerRequestUs = (runs: readonly Measured[], idlePerS = 0) =>
  (runs.reduce((sum, r) => sum + r.cpuS - idlePerS * (DURATION_S / ROUNDS), 0) * 1e6) / runs.reduce((sum, r) => sum + r.requests, 0);

/** Pools interleaved rounds: total requests over total time; latency percentiles as the rounds' median. */
function combine(rounds: readonly LoadResult[]): LoadResult {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  return {
    requestsPerSecond: rounds.reduce((sum, r) => sum + r.requestsPerSecond, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p97_5: median(rounds.map((r) => r.p97_5)),
    p99: median(rounds.map((r) => r.p99)),
    max: Math.max(...rounds.map((r) => r.max)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    requests,
  };
}

async function main(): Promise<void> {
  const variants = searchVariants();
  const { database, scratch, cleanup } = await searchBenchScratch('bench-search');
  try {
    const loadBefore = loadAverage();
    process.stdout.write(`load average ${loadBefore}; seeding ${CONCERTS} concerts into ${database.name}...\n`);
    // The instance migrates the fresh database; the catalogue is seeded right after.
    const service = await startInstance('bench-search-1', { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '4', REDIS_KEY_PREFIX: uniqueRedisPrefix('search') });
    const seededAt = Date.now();
    await seedCatalogue(database.url, CONCERTS);
    process.stdout.write(`seeded in ${Date.now() - seededAt} ms\n`);
    const bodies = await fetchBodies(service.baseUrl, variants);
    const floors = await startFloors(scratch, bodies);

    // What each process spends with no request at all (the service's timers: scheduler polls, relay,
    // gauges, Socket.IO), so per-request CPU can be stated net of it too.
    const idleBefore = { service: cpuSeconds(service.pid), stack: cpuSeconds(floors.stack.pid), bare: cpuSeconds(floors.bare.pid) };
    await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
    const idlePerS = {
      service: (cpuSeconds(service.pid) - idleBefore.service) / IDLE_S,
      stack: (cpuSeconds(floors.stack.pid) - idleBefore.stack) / IDLE_S,
      bare: (cpuSeconds(floors.bare.pid) - idleBefore.bare) / IDLE_S,
    };
    process.stdout.write(`idle CPU ms/s: service ${round(idlePerS.service * 1000, 1)}, full-stack floor ${round(idlePerS.stack * 1000, 1)}, bare ${round(idlePerS.bare * 1000, 1)}\n`);

    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    const cpuBefore = cpuSeconds(service.pid);
    for (const [name, query] of Object.entries(variants)) {
      const serviceUrl = `${service.baseUrl}/api/concerts/search?${query}`;
      const floorUrl = floors.bareUrl(name);
      const stackUrl = floors.stackUrl(name);
      process.stdout.write(`${name}:`);
      if (WARMUP_S > 0) {
        await load(serviceUrl, WARMUP_S);
        await load(floorUrl, WARMUP_S);
        await load(stackUrl, WARMUP_S);
      }
      const rounds: { service: Measured; floor: Measured; stack: Measured }[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const own = await measured(service.pid, serviceUrl, DURATION_S / ROUNDS);
        const floor = await measured(floors.bare.pid, floorUrl, DURATION_S / ROUNDS);
        const stackFloor = await measured(floors.stack.pid, stackUrl, DURATION_S / ROUNDS);
        rounds.push({ service: own, floor, stack: stackFloor });
        process.stdout.write(
          ` [${Math.round(own.requestsPerSecond)} vs bare ${Math.round(floor.requestsPerSecond)} / stack ${Math.round(stackFloor.requestsPerSecond)}]`,
        );
      }
      process.stdout.write('\n');
      const s = combine(rounds.map((r) => r.service));
      const f = combine(rounds.map((r) => r.floor));
      const st = combine(rounds.map((r) => r.stack));
      const bareRatio = median(rounds.map((r) => r.service.requestsPerSecond / r.floor.requestsPerSecond));
      const stackRatio = median(rounds.map((r) => r.stack.requestsPerSecond / r.floor.requestsPerSecond));
      const ratio = median(rounds.map((r) => r.service.requestsPerSecond / r.stack.requestsPerSecond));
      const cpu = {
        service: cpuPerRequestUs(rounds.map((r) => r.service)),
        serviceNet: cpuPerRequestUs(rounds.map((r) => r.service), idlePerS.service),
        bare: cpuPerRequestUs(rounds.map((r) => r.floor)),
        stack: cpuPerRequestUs(rounds.map((r) => r.stack)),
      };
      raw[name] = { service: s, floor: f, stackFloor: st, rounds, bareRatio, stackRatio, ratio, cpuPerRequestUs: cpu };
      const size = bodies[name] as { bytes: number; totalElements: number };
      rows.push({
        variant: name,
        bytes: size.bytes,
        matches: size.totalElements,
        'req/s': round(s.requestsPerSecond, 0),
        'p50 ms': s.p50,
        'p99 ms': s.p99,
        'bare floor req/s': round(f.requestsPerSecond, 0),
        'full-stack floor req/s': round(st.requestsPerSecond, 0),
        'full-stack floor p99 ms': st.p99,
        'full-stack ÷ bare': round(stackRatio, 2),
        [`target ≥${STACK_TARGET}`]: stackRatio >= STACK_TARGET ? 'met' : 'MISSED',
        'search ÷ full-stack': round(ratio, 2),
        [`target ≥${SEARCH_TARGET}`]: ratio >= SEARCH_TARGET ? 'met' : 'MISSED',
        'search ÷ bare': round(bareRatio, 2),
        'CPU µs/req service / stack / bare': `${round(cpu.service, 0)} / ${round(cpu.stack, 0)} / ${round(cpu.bare, 0)}`,
        'CPU ratio stack ÷ bare': round(cpu.bare / cpu.stack, 2),
        'CPU ratio search ÷ stack': round(cpu.stack / cpu.service, 2),
        'service CPU µs/req net of idle': round(cpu.serviceNet, 0),
        'CPU ratio search (net) ÷ stack': round(cpu.stack / cpu.serviceNet, 2),
        'errors/non2xx': s.errors + s.non2xx + st.errors + st.non2xx + f.errors + f.non2xx,
      });
    }
    const serviceCpu = cpuSeconds(service.pid) - cpuBefore;
    const peak = peakRssKb(service.pid);
    const loadAfter = loadAverage();
    writeResults(
      'search',
      'npm run bench:search',
      [
        {
          title: `Search on ${CONCERTS} concerts, ${CONNECTIONS} connections, ${DURATION_S} s per run (service vs bare and full-stack HTTP floors; load average ${loadBefore} before, ${loadAfter} after)`,
          rows,
          notes: [
            'Bare floor: a koa process (same koa version, no middleware) serving the identical bytes the service returned for that variant.',
            'Full-stack floor: a process running the service\'s own HTTP app (createHttpApp: request timing hook, security headers, CORS, error envelope, router, query validation, search route encoding) whose search use case returns a precomputed result rebuilt from that variant\'s response (same items array each time, so encoded once; serverNow per request); other use cases are unused fakes. Its request hook records into the service\'s own HTTP histogram (Telemetry.httpObserved), as the service does.',
            `Issue 11.5's targets, each ratio the median of the per-round ratios of the same run: full-stack ÷ bare ≥ ${STACK_TARGET} (what the HTTP stack costs), search ÷ full-stack ≥ ${SEARCH_TARGET} (what search costs on top). search ÷ bare is their product.`,
            `Service instance: ${round(serviceCpu, 1)} CPU s over the service runs, peak RSS ${Math.round(peak / 1024)} MiB.`,
            `req/s: mean over the ${ROUNDS} rounds; latency: median of the rounds' percentiles.`,
            'CPU µs/req: the server process\'s CPU (user + system, /proc/<pid>/stat) over its runs ÷ the requests it answered. The CPU ratios (floor µs ÷ µs) are the req/s ratios a process would reach with a core of its own; they hold when the machine is shared, where the req/s ratios move with what else runs.',
            `Idle CPU (no requests, ${IDLE_S} s before the first variant): service ${round(idlePerS.service * 1000, 1)} ms/s, full-stack floor ${round(idlePerS.stack * 1000, 1)} ms/s, bare floor ${round(idlePerS.bare * 1000, 1)} ms/s. "net of idle" subtracts the service's from each of its runs.`,
            'PostgreSQL shares the same 2 cores with the service, both floors and autocannon.',
          ],
        },
      ],
      { concerts: CONCERTS, connections: CONNECTIONS, durationS: DURATION_S, loadBefore, loadAfter, idlePerS, bodies: Object.fromEntries(Object.entries(bodies).map(([k, v]) => [k, { query: v.query, bytes: v.bytes, items: v.items, totalElements: v.totalElements }])), raw },
    );
  } finally {
    await cleanup();
  }
}

await main();
