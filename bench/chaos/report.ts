// The table of a chaos run: faults injected (with their recovery), checks, figures, and the line
// `N passed, N failed`; printed, and written with the history to bench/results/chaos-<seed>.json
// and .md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Verdict } from './check/checker.js';
import type { History } from './history.js';
import { describeFault } from './schedule.js';

const RESULTS = fileURLToPath(new URL('../../../bench/results/', import.meta.url));
const ms = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '—' : String(Math.round(value)));

export function renderTable(history: History, verdict: Verdict): string {
  const lines: string[] = [];
  const at = (t: number) => ((t - history.startedAt) / 1_000).toFixed(1);
  lines.push(`### Chaos run, seed ${history.seed}, ${history.durationS} s (${new Date(history.startedAt).toISOString()})`, '');
  lines.push(`Replay: \`CHAOS_SEED=${history.seed} CHAOS_DURATION_S=${history.durationS} npm run chaos\``, '');
  lines.push(`#### Faults (${history.faults.length})`, '', '| # | at s | fault | ready after heal ms | clients current after heal ms |', '|---|---|---|---|---|');
  for (const fault of history.faults) lines.push(`| ${fault.index} | ${at(fault.startAt)} | ${describeFault(fault)} | ${ms(fault.readyMs)} | ${ms(fault.currentMs)} |`);
  lines.push('', '#### Checks', '', '| check | result | detail |', '|---|---|---|');
  for (const c of verdict.checks) lines.push(`| ${c.name} | ${c.passed ? 'pass' : '**FAIL**'} | ${c.detail.replaceAll('|', '/')} |`);
  const failing = verdict.checks.filter((c) => !c.passed);
  if (failing.length > 0) {
    lines.push('', '#### Violations (first of each check)', '');
    for (const c of failing) for (const f of c.failures) lines.push(`- ${c.name}: ${f.replaceAll('|', '/')}`);
  }
  for (const exit of history.instances) {
    if (exit.tail) lines.push('', `Last log lines of instance ${exit.instance} (exit ${exit.code ?? exit.signal}):`, '', '```', ...exit.tail.map((l) => l.slice(0, 300)), '```');
  }
  const { figures } = verdict;
  lines.push('', '#### Figures', '');
  lines.push(`- faults by kind: ${Object.entries(figures.faultsByKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  lines.push(`- boundaries: ${figures.boundaries.boundaries} in the outbox, ${figures.boundaries.observations} (client, boundary) pairs checked on healthy instances`);
  const inv = figures.inventory;
  lines.push(`- reservations: ${inv.requests} requests, ${inv.attempts} attempts, ${inv.created} × 201, ${inv.refused} × 409, unknown outcome ${inv.unknownResolvedSold + inv.unknownResolvedNotSold} (${inv.unknownResolvedSold} sold by the database), ${inv.seatsSold} seats sold`);
  lines.push(`- 503s by fault: ${Object.entries(figures.http503ByFault).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  lines.push(`- client counters: ${Object.entries(figures.clientStats).filter(([k]) => /gaps|resyncs|duplicatesDropped/.test(k)).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const healthy = figures.boundaries.healthyLateness;
  lines.push('', '| lateness of first sight, by fault at the instant (every client) | n | p50 ms | p99 ms | max ms |', '|---|---|---|---|---|');
  lines.push(`| connected throughout to a fault-free instance | ${healthy.n} | ${ms(healthy.p50)} | ${ms(healthy.p99)} | ${ms(healthy.max)} |`);
  for (const [bucket, f] of Object.entries(figures.boundaries.lateness)) lines.push(`| ${bucket} | ${f.n} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} |`);
  lines.push('', '| server publish lag (outbox row minus instant), by fault | n | p50 ms | p99 ms | max ms |', '|---|---|---|---|---|');
  for (const [bucket, f] of Object.entries(figures.boundaries.publishLag)) lines.push(`| ${bucket} | ${f.n} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} |`);
  lines.push('', '| recovery by fault kind | n | ready p50 ms | ready p99 ms | current p50 ms | current p99 ms | current max ms |', '|---|---|---|---|---|---|---|');
  for (const [kind, f] of Object.entries(figures.recovery)) lines.push(`| ${kind} | ${f.n} | ${ms(f.readyP50)} | ${ms(f.readyP99)} | ${ms(f.currentP50)} | ${ms(f.currentP99)} | ${ms(f.currentMax)} |`);
  lines.push('', `${verdict.passed} passed, ${verdict.failed} failed`);
  return lines.join('\n');
}

export function writeResults(history: History, verdict: Verdict, table: string): string {
  mkdirSync(RESULTS, { recursive: true });
  const base = `${RESULTS}chaos-${history.seed}`;
  writeFileSync(`${base}.json`, JSON.stringify({ verdict, history }));
  writeFileSync(`${base}.md`, `${table}\n`);
  return base;
}
