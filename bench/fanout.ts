// `npm run bench:fanout` — fan-out capacity: the largest client count at which transition delivery
// p99 stays under 250 ms on this machine, for the service and for the transport floor measured in
// the same runs. Steps through BENCH_STEPS (default 1k, 2k, 5k, 10k, 20k clients), each a short
// bench:live run (20 transitions over 5 s, floor baseline interleaved), in a child process so each
// step starts clean. Stops when both exceed the limit, a step misses deliveries, or the next step
// would not fit the time budget (BENCH_BUDGET_S, default 540 s).

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR, writeResults, type Row } from './lib/report.js';

const STEPS = (process.env.BENCH_STEPS ?? '1000,2000,5000,10000,20000').split(',').map(Number);
const LIMIT_MS = 250;
const BUDGET_S = Number(process.env.BENCH_BUDGET_S ?? 540);
const LIVE = fileURLToPath(new URL('./live.js', import.meta.url));

interface StepReport {
  latencyMs: { p50: number; p99: number; max: number };
  misses: number;
  duplicatesAfterDedup: number;
}

function runStep(clients: number, timeoutS: number): Promise<{ service: StepReport; floor: StepReport } | null> {
  const name = `fanout-step-${clients}`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LIVE], {
      env: {
        ...process.env,
        BENCH_CLIENTS: String(clients),
        BENCH_CONCERTS: '20',
        BENCH_LEAD_MS: '6000',
        BENCH_SPREAD_MS: '5000',
        BENCH_GRACE_MS: '3000',
        BENCH_BASELINES: 'floor',
        BENCH_TARGET_P99_MS: String(LIMIT_MS),
        BENCH_RESULT_NAME: name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (/^(all clients|\d+ concerts created|service:|floor)/.test(line)) process.stdout.write(`  ${line}\n`);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    // SIGINT lets live.js stop its own instances, servers and database.
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutS * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return resolve(null);
      try {
        const file = `${RESULTS_DIR}${name}.json`;
        const data = JSON.parse(readFileSync(file, 'utf8')) as { data: { reports: Record<string, StepReport> } };
        rmSync(file);
        rmSync(`${RESULTS_DIR}${name}.md`);
        const reports = Object.entries(data.data.reports);
        resolve({ service: reports[0]?.[1] as StepReport, floor: reports[1]?.[1] as StepReport });
      } catch {
        resolve(null);
      }
    });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  let serviceCapacity = 0;
  let floorCapacity = 0;
  let lastStepS = 0;
  let lastClients = 1;
  let stoppedBecause = 'all steps run';
  for (const clients of STEPS) {
    const elapsedS = (Date.now() - started) / 1000;
    const estimateS = lastStepS === 0 ? 60 : lastStepS * (clients / lastClients);
    if (elapsedS + estimateS > BUDGET_S) {
      stoppedBecause = `time budget: ${clients} clients would take ~${Math.round(estimateS)} s`;
      break;
    }
    process.stdout.write(`step ${clients} clients\n`);
    const stepStarted = Date.now();
    const result = await runStep(clients, BUDGET_S - elapsedS);
    lastStepS = (Date.now() - stepStarted) / 1000;
    lastClients = clients;
    if (!result) {
      rows.push({ clients, 'service p50 ms': null, 'service p99 ms': null, 'service misses': null, 'floor p50 ms': null, 'floor p99 ms': null, 'floor misses': null, 'step s': Math.round(lastStepS) });
      stoppedBecause = `step ${clients} did not complete`;
      break;
    }
    const { service, floor } = result;
    rows.push({
      clients,
      'service p50 ms': service.latencyMs.p50,
      'service p99 ms': service.latencyMs.p99,
      'service misses': service.misses,
      'floor p50 ms': floor.latencyMs.p50,
      'floor p99 ms': floor.latencyMs.p99,
      'floor misses': floor.misses,
      'step s': Math.round(lastStepS),
    });
    const serviceOk = service.latencyMs.p99 < LIMIT_MS && service.misses === 0;
    const floorOk = floor.latencyMs.p99 < LIMIT_MS && floor.misses === 0;
    if (serviceOk) serviceCapacity = clients;
    if (floorOk) floorCapacity = clients;
    if (!serviceOk && !floorOk) {
      stoppedBecause = `both above ${LIMIT_MS} ms p99 (or missing deliveries) at ${clients}`;
      break;
    }
  }
  writeResults('fanout', 'npm run bench:fanout', [{
    title: `Fan-out capacity: largest client count with delivery p99 < ${LIMIT_MS} ms (3 instances, 20 transitions per step)`,
    rows,
    notes: [
      `Service capacity: ${serviceCapacity || 'below the first step'} clients; floor capacity: ${floorCapacity || 'below the first step'} clients (largest step passing; steps ${STEPS.join(', ')}).`,
      `Stopped: ${stoppedBecause}.`,
      'Each step: the service and the floor, each with that many clients, connected at the same time, transitions interleaved.',
    ],
  }], { rows, serviceCapacity, floorCapacity, stoppedBecause });
}

await main();
