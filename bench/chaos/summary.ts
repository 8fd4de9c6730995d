// The soak runs as docs/operations.md quotes them: for each saved run, the checks and figures of
// its table (the per-fault rows stay in bench/results/chaos-<seed>.md), then one table over all the
// runs: faults by kind and the p99 recovery per kind.
//   node dist/bench/chaos/summary.js bench/results/chaos-<a>.json bench/results/chaos-<b>.json ...

import { readFileSync } from 'node:fs';
import { check } from './check/checker.js';
import { percentile } from './check/common.js';
import type { FaultKind, History } from './history.js';
import { renderTable } from './report.js';

const histories = process.argv.slice(2).map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { history: History }).history);
const out: string[] = [];
for (const history of histories) {
  const table = renderTable(history, check(history)).split('\n');
  // Keep the heading and everything from the checks on; drop the per-fault rows.
  const checksAt = table.findIndex((line) => line.startsWith('#### Checks'));
  // Three violations per failing check are enough here; the run's own table lists more.
  const listed = new Map<string, number>();
  let inTail = false;
  let fences = 0;
  const rest = table.slice(checksAt).filter((line) => {
    // The log tails of failed stops stay in the run's own table.
    if (line.startsWith('Last log lines')) {
      inTail = true;
      fences = 0;
    }
    if (inTail) {
      if (line === '```') fences += 1;
      if (fences === 2) inTail = false;
      return false;
    }
    if (!line.startsWith('- ') || !line.includes(': ')) return true;
    const name = line.slice(2, line.indexOf(': '));
    listed.set(name, (listed.get(name) ?? 0) + 1);
    return (listed.get(name) ?? 0) <= 3;
  });
  out.push(...table.slice(0, 4), `Faults: ${history.faults.length} (one row each in \`bench/results/chaos-${history.seed}.md\`).`, '', ...rest, '');
}
const byKind = new Map<FaultKind, { ready: number[]; current: number[] }>();
for (const fault of histories.flatMap((h) => h.faults)) {
  const entry = byKind.get(fault.kind) ?? { ready: [], current: [] };
  entry.ready.push(fault.readyMs ?? 30_000);
  entry.current.push(fault.currentMs ?? 30_000);
  byKind.set(fault.kind, entry);
}
const total = histories.reduce((n, h) => n + h.faults.length, 0);
out.push(`#### All ${histories.length} runs: ${total} faults`, '', '| fault kind | n | ready p50 ms | ready p99 ms | current p50 ms | current p99 ms |', '|---|---|---|---|---|---|');
for (const [kind, { ready, current }] of byKind) {
  out.push(`| ${kind} | ${ready.length} | ${Math.round(percentile(ready, 50))} | ${Math.round(percentile(ready, 99))} | ${Math.round(percentile(current, 50))} | ${Math.round(percentile(current, 99))} |`);
}
process.stdout.write(`${out.join('\n')}\n`);
