// `npm run bench:wakeups` — how exactly a scheduled boundary wakes up. Three instances of the
// service's Agenda adapter (src/adapters/scheduling) share a fresh database; N wake-ups (default
// 200), one every SPACING ms (default 101), are spread over them. Per wake-up: the instant onBoundary
// runs minus the instant asked for. Beside it, in the same process and the same run, interleaved a
// third of a slot apart so all see the same load:
// - plain Agenda: three bare Agenda 6 instances on the same PostgreSQL backend (their own table),
//   one job per instant scheduled AT the instant — what Agenda's own timer gives;
// - floor: setTimeout at each instant — what the event loop gives.
// The difference between the first two is the adapter's lead (see agenda-scheduler.ts): a job
// whose Agenda timer fires early is otherwise stranded until another job's timer or the next scan.

import { Agenda } from 'agenda';
import { createAgendaScheduler, type AgendaScheduler } from '../src/adapters/scheduling/agenda-scheduler.js';
import { systemClock } from '../src/adapters/clock/system-clock.js';
import { createPostgresJobStore } from '../src/adapters/scheduling/postgres-job-store.js';
import type { JobStore } from '../src/adapters/scheduling/job-store.js';
import { benchRun } from './lib/bench-run.js';
import { writeResults, type Row } from './lib/report.js';
import { round, summarize, type Summary } from './lib/stats.js';

const WAKEUPS = Number(process.env.BENCH_WAKEUPS ?? 200);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 101);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const LEAD_MS = 4_000;
const GRACE_MS = 2_500;
const PLAIN_JOB = 'plain-boundary';

const onError = (error: unknown, context: string) => process.stderr.write(`${context}: ${error instanceof Error ? error.message : String(error)}\n`);

function row(system: string, lateness: readonly number[]): Row {
  const s: Summary = summarize(lateness);
  return {
    system,
    'wake-ups': `${s.count}/${WAKEUPS}`,
    'p50 ms': s.p50,
    'p95 ms': s.p95,
    'p99 ms': s.p99,
    'max ms': s.max,
    '> 50 ms late': lateness.filter((ms) => ms > 50).length,
    early: lateness.filter((ms) => ms < 0).length,
  };
}

async function startPlainAgenda(databaseUrl: string, name: string, ran: (at: number) => void): Promise<{ agenda: Agenda; store: JobStore }> {
  const store = createPostgresJobStore({ databaseUrl, tableName: 'plain_agenda_jobs', uniqueBoundary: { jobName: PLAIN_JOB, dataKey: 'at' }, poolSize: 10, onError });
  const agenda = new Agenda({ backend: store.backend, name, processEvery: 1_000, maxConcurrency: 210 });
  agenda.on('error', (error) => onError(error, name));
  await store.connected();
  agenda.define<{ at: number }>(PLAIN_JOB, async (job) => ran(job.attrs.data.at), { concurrency: 200, lockLifetime: 10_000, removeOnComplete: true });
  await agenda.start();
  return { agenda, store };
}

async function main(): Promise<void> {
  await benchRun(async ({ database }) => {
    const adapterLate: number[] = [];
    const plainLate: number[] = [];
    const floorLate: number[] = [];
    const adapters: AgendaScheduler[] = Array.from({ length: INSTANCES }, (_, i) =>
      createAgendaScheduler({
        databaseUrl: database.url,
        instanceId: `wakeups-${i + 1}`,
        clock: systemClock,
        reconcileEveryMs: 60_000,
        onError,
      }),
    );
    await Promise.all(adapters.map((a) => a.start({ onBoundary: async (at) => void adapterLate.push(Date.now() - at), onReconcile: async () => undefined })));
    const plain = [];
    for (let i = 0; i < INSTANCES; i += 1) plain.push(await startPlainAgenda(database.url, `plain-${i + 1}`, (at) => plainLate.push(Date.now() - at)));
    try {
      const first = Date.now() + LEAD_MS;
      const third = Math.round(SPACING_MS / 3);
      for (let i = 0; i < WAKEUPS; i += 1) {
        const at = first + i * SPACING_MS;
        await (adapters[i % INSTANCES] as AgendaScheduler).scheduler.wakeAt(at);
        await plain[i % INSTANCES]!.agenda.schedule(new Date(at + third), PLAIN_JOB, { at: at + third });
        setTimeout(() => floorLate.push(Date.now() - (at + 2 * third)), at + 2 * third - Date.now());
      }
      process.stdout.write(`${WAKEUPS} wake-ups scheduled, from +${first - Date.now()} ms, one every ${SPACING_MS} ms, over ${INSTANCES} instances per system\n`);
      await new Promise((resolve) => setTimeout(resolve, first + WAKEUPS * SPACING_MS + GRACE_MS - Date.now()));
    } finally {
      await Promise.all(adapters.map((a) => a.stop()));
      for (const { agenda, store } of plain) {
        await agenda.stop();
        await store.close();
      }
    }
    const rows = [
      row('service adapter (job stored 1.5 s ahead, sleeps to the instant)', adapterLate),
      row('plain Agenda 6 (job at the instant)', plainLate),
      row('floor: setTimeout at the instant', floorLate),
    ];
    writeResults(
      'wakeups',
      'npm run bench:wakeups',
      [
        {
          title: `Wake-up lateness: ${WAKEUPS} instants ${SPACING_MS} ms apart, ${INSTANCES} scheduler instances per system, one process`,
          rows,
          notes: [
            'Lateness = Date.now() when the handler runs minus the instant it was scheduled for. All systems in one process, interleaved a third of a slot apart.',
            `Adapter p99 ${round(summarize(adapterLate).p99)} ms vs plain Agenda p99 ${round(summarize(plainLate).p99)} ms vs setTimeout p99 ${round(summarize(floorLate).p99)} ms.`,
          ],
        },
      ],
      { config: { WAKEUPS, SPACING_MS, INSTANCES }, adapterLate, plainLate, floorLate },
    );
  });
}

await main();
