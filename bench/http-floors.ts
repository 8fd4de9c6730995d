// What bench:search and bench:http-profile share: the search variants, one autocannon run, and the
// two HTTP floors started from the bytes a running service returned (http-floor-server.ts, bare
// koa; http-stack-floor-server.ts, the service's own HTTP app with search faked).

import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artistNameOf } from './lib/catalogue-seed.js';
import { createBenchDatabase, type BenchDatabase } from './lib/database.js';
import { startNode, stopAll, stopAllOnSignals, type Started } from './lib/processes.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const FLOOR_SERVER = fileURLToPath(new URL('./http-floor-server.js', import.meta.url));
const STACK_FLOOR_SERVER = fileURLToPath(new URL('./http-stack-floor-server.js', import.meta.url));

export const ALL_SEARCH_VARIANTS: Record<string, string> = {
  default: 'page=0&size=20',
  keyword: 'keyword=tide&page=0&size=20',
  artist: `artistName=${encodeURIComponent(artistNameOf(42))}&page=0&size=20`,
  'sort-title': 'page=0&size=20&sort=title,asc',
  'sort-saleOpensAt-desc': 'page=0&size=20&sort=saleOpensAt,desc',
  'keyword+sort+page5': 'keyword=tide&page=5&size=20&sort=saleOpensAt,desc',
};

/** BENCH_VARIANTS=default,keyword runs only those (names as above); all by default. */
export function searchVariants(): Record<string, string> {
  const wanted = process.env.BENCH_VARIANTS?.split(',').filter(Boolean);
  if (!wanted) return ALL_SEARCH_VARIANTS;
  const unknown = wanted.filter((name) => !(name in ALL_SEARCH_VARIANTS));
  if (unknown.length > 0) throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(', ')} (known: ${Object.keys(ALL_SEARCH_VARIANTS).join(', ')})`);
  return Object.fromEntries(wanted.map((name) => [name, ALL_SEARCH_VARIANTS[name] as string]));
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p97_5: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly requests: number;
}

export async function load(url: string, durationS: number, connections = CONNECTIONS): Promise<LoadResult> {
  const r = await autocannon({ url, connections, duration: durationS, pipelining: 1 });
  return {
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    requests: r.requests.total,
  };
}

export interface VariantBody {
  readonly query: string;
  readonly body: string;
  readonly bytes: number;
  readonly items: number;
  readonly totalElements: number;
}

/** Each variant's answer from the running service: the bytes both floors then serve. */
export async function fetchBodies(baseUrl: string, variants: Record<string, string>): Promise<Record<string, VariantBody>> {
  const bodies: Record<string, VariantBody> = {};
  for (const [name, query] of Object.entries(variants)) {
    const response = await fetch(`${baseUrl}/api/concerts/search?${query}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${text}`);
    const parsed = JSON.parse(text) as { items: unknown[]; totalElements: number };
    bodies[name] = { query, body: text, bytes: Buffer.byteLength(text), items: parsed.items.length, totalElements: parsed.totalElements };
  }
  return bodies;
}

export interface Floors {
  readonly bare: Started;
  readonly stack: Started;
  /** The bare floor's URL for a variant. */
  bareUrl(name: string): string;
  /** The full-stack floor's URL for a variant (the service's own path and query). */
  stackUrl(name: string): string;
}

/** Starts both floors on `bodies`; nodeArgs (e.g. `--cpu-prof`) go to both. Checks the full-stack floor answers each variant with the service's size. */
export async function startFloors(scratch: string, bodies: Record<string, VariantBody>, nodeArgs: (floor: 'bare' | 'stack') => string[] = () => []): Promise<Floors> {
  const bareFile = join(scratch, 'bodies.json');
  writeFileSync(bareFile, JSON.stringify(Object.fromEntries(Object.entries(bodies).map(([name, v]) => [name, v.body]))));
  const stackFile = join(scratch, 'stack-bodies.json');
  writeFileSync(stackFile, JSON.stringify(Object.fromEntries(Object.entries(bodies).map(([name, v]) => [name, { query: v.query, body: v.body }]))));
  const bare = await startNode('http-floor', FLOOR_SERVER, [], { FLOOR_BODIES: bareFile }, '/ready', nodeArgs('bare'));
  const stack = await startNode('http-stack-floor', STACK_FLOOR_SERVER, [], { FLOOR_BODIES: stackFile }, '/api/time', nodeArgs('stack'));
  const floors: Floors = {
    bare,
    stack,
    bareUrl: (name) => `${bare.baseUrl}/floor/${name}`,
    stackUrl: (name) => `${stack.baseUrl}/api/concerts/search?${(bodies[name] as VariantBody).query}`,
  };
  for (const [name, variant] of Object.entries(bodies)) {
    const check = await fetch(floors.stackUrl(name));
    const text = await check.text();
    if (check.status !== 200 || Buffer.byteLength(text) !== variant.bytes) {
      throw new Error(`${name}: full-stack floor answered ${check.status} with ${Buffer.byteLength(text)} bytes, the service ${variant.bytes}`);
    }
  }
  return floors;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** /proc/loadavg's 1, 5 and 15 minute figures, as recorded beside every result. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/**
 * A fresh database and a scratch folder (the floors' bodies) for one search bench run; `cleanup`
 * stops everything started and drops both, and runs on SIGINT/SIGTERM too.
 */
export async function searchBenchScratch(name: string): Promise<{ database: BenchDatabase; scratch: string; cleanup: () => Promise<void> }> {
  const database = await createBenchDatabase();
  const scratch = mkdtempSync(join(tmpdir(), `${name}-`));
  const cleanup = async () => {
    await stopAll();
    await database.drop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  stopAllOnSignals(cleanup);
  return { database, scratch, cleanup };
}
