// `npm run bench:http-profile` — where a search request's CPU goes. One service instance (its own
// process, fresh database, 10 000 concerts) and the two HTTP floors of bench:search run under
// `node --cpu-prof`; autocannon drives each in turn with the same search (BENCH_PROFILE_VARIANT,
// `default`). On a graceful stop each writes a V8 profile, summed here by self time: per layer of
// the stack (koa, router, zod, metrics, logging, Node HTTP, ...), per module and per function.
// The profiles are kept under bench/results/http-profile/ (open them in Chrome DevTools or
// speedscope for a flame graph). Bounded: ~ 3 × (warm-up + duration) s plus seeding.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fetchBodies, load, loadAverage, searchBenchScratch, searchVariants, startFloors, type LoadResult } from './http-floors.js';
import { byLayer, nowUs, summarise, type ProfileSummary, type SelfTime, type Window } from './http-profile-table.js';
import { seedCatalogue } from './lib/catalogue-seed.js';
import { uniqueRedisPrefix } from './lib/database.js';
import { startInstance, stopAll, type Started } from './lib/processes.js';
import { cpuSplit } from './lib/proc-stats.js';
import { RESULTS_DIR, writeResults, type Row } from './lib/report.js';
import { round } from './lib/stats.js';

const CONCERTS = Number(process.env.BENCH_CONCERTS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const VARIANT = process.env.BENCH_PROFILE_VARIANT ?? 'default';
const TOP_FUNCTIONS = Number(process.env.BENCH_TOP ?? 25);
const PROFILE_DIR = join(RESULTS_DIR, 'http-profile');

type Target = 'service' | 'full-stack floor' | 'bare floor';
const DIRS: Record<Target, string> = { service: 'service', 'full-stack floor': 'stack-floor', 'bare floor': 'bare-floor' };

const profileArgs = (target: Target) => ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, DIRS[target])];

function onlyProfile(target: Target): string {
  const dir = join(PROFILE_DIR, DIRS[target]);
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`${dir}: expected one .cpuprofile, found ${files.length}`);
  return join(dir, files[0] as string);
}

const pct = (share: number) => `${round(share * 100, 1)} %`;

function sideBySide(summaries: Record<Target, ProfileSummary>, pick: (s: ProfileSummary) => readonly SelfTime[], limit: number): Row[] {
  const names = new Set<string>();
  for (const target of Object.keys(summaries) as Target[]) for (const row of pick(summaries[target]).slice(0, limit)) names.add(row.name);
  const rows = [...names].map((name): Row => {
    const row: Row = { [pick === byLayer ? 'layer' : 'module']: name };
    for (const target of Object.keys(summaries) as Target[]) {
      const hit = pick(summaries[target]).find((r) => r.name === name);
      row[`${target} ms`] = hit ? round(hit.ms, 0) : 0;
      row[`${target} %`] = hit ? pct(hit.share) : '—';
    }
    return row;
  });
  return rows.sort((a, b) => Number(b['service ms']) - Number(a['service ms']) || Number(b['full-stack floor ms']) - Number(a['full-stack floor ms']));
}

function topFunctions(summary: ProfileSummary, requests: number): Row[] {
  return summary.functions.slice(0, TOP_FUNCTIONS).map((f) => ({ function: f.name, 'self ms': round(f.ms, 0), share: pct(f.share), 'µs / request': round((f.ms * 1000) / requests, 2) }));
}

async function main(): Promise<void> {
  const variants = searchVariants();
  const query = variants[VARIANT];
  if (query === undefined) throw new Error(`BENCH_PROFILE_VARIANT=${VARIANT} is not a variant of bench:search`);
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  for (const dir of Object.values(DIRS)) mkdirSync(join(PROFILE_DIR, dir), { recursive: true });
  const { database, scratch, cleanup } = await searchBenchScratch('bench-http-profile');
  try {
    const loadBefore = loadAverage();
    process.stdout.write(`load average ${loadBefore}; seeding ${CONCERTS} concerts into ${database.name}...\n`);
    const service = await startInstance('bench-http-profile', {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      REDIS_KEY_PREFIX: uniqueRedisPrefix('http-profile'),
    }, profileArgs('service'));
    await seedCatalogue(database.url, CONCERTS);
    const bodies = await fetchBodies(service.baseUrl, { [VARIANT]: query });
    const floors = await startFloors(scratch, bodies, (floor) => profileArgs(floor === 'bare' ? 'bare floor' : 'full-stack floor'));
    const targets: [Target, Started, string][] = [
      ['service', service, `${service.baseUrl}/api/concerts/search?${query}`],
      ['full-stack floor', floors.stack, floors.stackUrl(VARIANT)],
      ['bare floor', floors.bare, floors.bareUrl(VARIANT)],
    ];
    const results = {} as Record<Target, LoadResult>;
    const windows = {} as Record<Target, Window>;
    const cpu = {} as Record<Target, { user: number; system: number }>;
    for (const [target, started, url] of targets) {
      if (WARMUP_S > 0) await load(url, WARMUP_S);
      const before = cpuSplit(started.pid);
      const fromUs = nowUs();
      results[target] = await load(url, DURATION_S);
      windows[target] = { fromUs, toUs: nowUs() };
      const after = cpuSplit(started.pid);
      cpu[target] = { user: after.user - before.user, system: after.system - before.system };
      process.stdout.write(`${target}: ${Math.round(results[target].requestsPerSecond)} req/s under --cpu-prof\n`);
    }
    const loadAfter = loadAverage();
    await stopAll(); // graceful: each process writes its profile as it exits
    const summaries = {} as Record<Target, ProfileSummary>;
    // Only the samples of the measured run (after the warm-up): start-up and seeding are left out.
    for (const [target] of targets) summaries[target] = summarise(onlyProfile(target), windows[target]);
    const requests = (target: Target) => results[target].requests;
    const perRequest = (target: Target, seconds: number) => round((seconds * 1e6) / requests(target), 1);
    const busy: Row[] = targets.map(([target]) => ({
      process: target,
      'req/s (profiled)': round(results[target].requestsPerSecond, 0),
      'sampled busy ms': round(summaries[target].busyMs, 0),
      'sampled idle ms': round(summaries[target].idleMs, 0),
      'sampled busy µs / request': round((summaries[target].busyMs * 1000) / requests(target), 1),
      'CPU µs / request user + system (/proc)': `${perRequest(target, cpu[target].user)} + ${perRequest(target, cpu[target].system)}`,
    }));
    writeResults(
      'http-profile',
      'npm run bench:http-profile',
      [
        { title: `Search \`${query}\` under --cpu-prof, ${DURATION_S} s after ${WARMUP_S} s warm-up each, 20 connections (load average ${loadBefore} before, ${loadAfter} after)`, rows: busy },
        { title: 'Self time by layer (share of busy time)', rows: sideBySide(summaries, byLayer, 30) },
        { title: 'Self time by module (top 20 of each)', rows: sideBySide(summaries, (s) => s.modules, 20) },
        { title: `Service: top ${TOP_FUNCTIONS} functions by self time`, rows: topFunctions(summaries.service, requests('service')) },
        { title: `Full-stack floor: top ${TOP_FUNCTIONS} functions by self time`, rows: topFunctions(summaries['full-stack floor'], requests('full-stack floor')) },
      ],
      { variant: VARIANT, query, results, cpu, windows, summaries: Object.fromEntries(Object.entries(summaries).map(([k, s]) => [k, { ...s, functions: s.functions.slice(0, 100) }])) },
    );
    process.stdout.write(`profiles kept in ${PROFILE_DIR}\n`);
  } finally {
    await cleanup();
  }
}

await main();
