// Reads a V8 `.cpuprofile` (what `node --cpu-prof` writes on exit) and sums self time: per module
// (a package under node_modules, a file of this project, a Node internal, or a V8 built-in) and per
// function. Self time is the sampled time spent in the function's own code, not in its callees, so
// the rows add up to the profile's total. `(idle)` — the event loop waiting — is left out of the
// percentages: they say where the busy time went.

import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  /** Monotonic clock, µs: the same clock as process.hrtime() in every process on the machine. */
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly modules: readonly SelfTime[];
  readonly functions: readonly SelfTime[];
}

/** `node_modules/@koa/router/…` → `@koa/router`; `dist/src/adapters/http/x.js` → `src/adapters/http/x.js`. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(V8 built-ins)';
  if (url.startsWith('node:')) return url.startsWith('node:internal/') ? `node:${url.slice('node:internal/'.length).split('/')[0]}` : url;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  }
  const dist = url.lastIndexOf('/dist/');
  return dist !== -1 ? url.slice(dist + '/dist/'.length) : url;
}

function functionOf(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  const where = moduleOf(frame);
  return where === name || frame.url === '' ? name : `${name} (${where}:${frame.lineNumber + 1})`;
}

/** A stretch of the monotonic clock, in µs (`process.hrtime.bigint() / 1000n`). */
export interface Window {
  readonly fromUs: number;
  readonly toUs: number;
}

export const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Self time of the samples taken within `window` (all of them without one: start-up included). */
export function summarise(file: string, window?: Window): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  // timeDeltas[i] is the time from the previous sample to sample i; timeDeltas[i + 1] is how long
  // sample i stood (until the next was taken).
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    const frame = frames.get(profile.samples[i] as number);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (frame === undefined || (window !== undefined && (at < window.fromUs || at >= window.toUs))) continue;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const module = moduleOf(frame);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const fn = functionOf(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const rank = (table: Map<string, number>): SelfTime[] =>
    [...table]
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }))
      .sort((a, b) => b.ms - a.ms);
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, modules: rank(byModule), functions: rank(byFunction) };
}

const KOA_HELPERS = new Set(['accepts', 'content-disposition', 'content-type', 'cookies', 'delegates', 'depd', 'destroy', 'encodeurl', 'escape-html', 'fresh', 'http-errors', 'mime-db', 'mime-types', 'on-finished', 'parseurl', 'statuses', 'type-is', 'vary', 'negotiator', 'media-typer', 'only']);

/** Groups modules into the parts of the stack the issue asks about. */
export function layerOf(module: string): string {
  if (module.startsWith('src/adapters/http/')) return 'HTTP adapter (src/adapters/http)';
  if (module.startsWith('src/contract/')) return 'wire projection (src/contract)';
  if (KOA_HELPERS.has(module) || module.startsWith('koa')) return 'koa (and its helpers)';
  if (module === '@koa/router' || module === 'path-to-regexp') return 'router';
  if (module === 'zod') return 'zod (validation)';
  if (module === 'prom-client') return 'prom-client (metrics)';
  if (module === 'pino' || module.startsWith('pino') || module === 'sonic-boom') return 'pino (logging)';
  if (module === 'node:http' || module === 'node:_http_common' || module.startsWith('node:_http')) return 'Node HTTP';
  if (module.startsWith('node:')) return 'Node (other internals)';
  if (module.startsWith('src/')) return 'service (other src/)';
  if (module.startsWith('(')) return module;
  return module;
}

export function byLayer(summary: ProfileSummary): SelfTime[] {
  const layers = new Map<string, number>();
  for (const row of summary.modules) layers.set(layerOf(row.name), (layers.get(layerOf(row.name)) ?? 0) + row.ms);
  return [...layers]
    .map(([name, ms]) => ({ name, ms, share: summary.busyMs === 0 ? 0 : ms / summary.busyMs }))
    .sort((a, b) => b.ms - a.ms);
}
