// `npm run bench:wakeups` — how exactly a scheduled boundary wakes up. N wake-ups (default 200),
// one every SPACING ms (default 101), are spread over three instances of each system below. Per
// wake-up: the instant the handler runs minus the instant asked for. All systems run in the same
// process and the same run, interleaved a quarter of a slot apart so all see the same load:
// - the service's Agenda adapter (src/adapters/scheduling) with its jobs in PostgreSQL (a fresh
//   database) — the default;
// - the same adapter with its jobs on the MongoDB-wire-compatible emulator (AGENDA_MONGO_URL's
//   path; the emulator is started by this script as its own process, test/support/mongo-emulator.ts);
// - plain Agenda: three bare Agenda 6 instances on the same PostgreSQL backend (their own table),
//   one job per instant scheduled AT the instant — what Agenda's own timer gives;
// - floor: setTimeout at each instant — what the event loop gives.
// The difference between the adapter and plain Agenda is the adapter's lead (see
// agenda-scheduler.ts): a job whose Agenda timer fires early is otherwise stranded until another
// job's timer or the next scan. The Mongo row measures the emulator, not mongod (see
// docs/operations.md, "Agenda on MongoDB").

import { Agenda } from 'agenda';
import { systemClock } from '../src/adapters/clock/system-clock.js';
import { createAgendaScheduler, type AgendaScheduler, type AgendaSchedulerOptions } from '../src/adapters/scheduling/agenda-scheduler.js';
import { createPostgresJobStore } from '../src/adapters/scheduling/postgres-job-store.js';
import type { JobStore } from '../src/adapters/scheduling/job-store.js';
import { startMongoEmulator } from '../test/support/mongo-emulator.js';
import { benchRun } from './lib/bench-run.js';
import { startWindow } from './lib/proc-stats.js';
import { writeResults, type Row } from './lib/report.js';
import { round, summarize, type Summary } from './lib/stats.js';

const WAKEUPS = Number(process.env.BENCH_WAKEUPS ?? 200);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 101);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
// Scheduling 4 x 200 jobs takes a few seconds on a loaded machine: every wake-up is asked for
// well before its instant (more than the adapter's 1.5 s lead plus a scan).
const LEAD_MS = 8_000;
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

async function startAdapters(label: string, store: Pick<AgendaSchedulerOptions, 'databaseUrl' | 'mongoUrl'>, late: number[]): Promise<AgendaScheduler[]> {
  const adapters = Array.from({ length: INSTANCES }, (_, i) =>
    createAgendaScheduler({ ...store, instanceId: `${label}-${i + 1}`, clock: systemClock, reconcileEveryMs: 60_000, onError }),
  );
  await Promise.all(adapters.map((a) => a.start({ onBoundary: async (at) => void late.push(Date.now() - at), onReconcile: async () => undefined })));
  return adapters;
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
  const emulator = await startMongoEmulator();
  try {
    await benchRun(async ({ database }) => {
      const postgresLate: number[] = [];
      const mongoLate: number[] = [];
      const plainLate: number[] = [];
      const floorLate: number[] = [];
      const postgres = await startAdapters('wakeups-pg', { databaseUrl: database.url }, postgresLate);
      const mongo = await startAdapters('wakeups-mongo', { databaseUrl: database.url, mongoUrl: emulator.databaseUrl('wakeups') }, mongoLate);
      const plain = [];
      for (let i = 0; i < INSTANCES; i += 1) plain.push(await startPlainAgenda(database.url, `plain-${i + 1}`, (at) => plainLate.push(Date.now() - at)));
      const window = startWindow();
      try {
        const first = Date.now() + LEAD_MS;
        const quarter = Math.round(SPACING_MS / 4);
        for (let i = 0; i < WAKEUPS; i += 1) {
          const at = first + i * SPACING_MS;
          await postgres[i % INSTANCES]!.scheduler.wakeAt(at);
          await mongo[i % INSTANCES]!.scheduler.wakeAt(at + quarter);
          await plain[i % INSTANCES]!.agenda.schedule(new Date(at + 2 * quarter), PLAIN_JOB, { at: at + 2 * quarter });
          setTimeout(() => floorLate.push(Date.now() - (at + 3 * quarter)), at + 3 * quarter - Date.now());
        }
        process.stdout.write(`${WAKEUPS} wake-ups scheduled, from +${first - Date.now()} ms, one every ${SPACING_MS} ms, over ${INSTANCES} instances per system\n`);
        await new Promise((resolve) => setTimeout(resolve, first + WAKEUPS * SPACING_MS + GRACE_MS - Date.now()));
      } finally {
        await Promise.all([...postgres, ...mongo].map((a) => a.stop()));
        for (const { agenda, store } of plain) {
          await agenda.stop();
          await store.close();
        }
      }
      const load = window();
      const rows = [
        row('service adapter, PostgreSQL (job stored 1.5 s ahead, sleeps to the instant)', postgresLate),
        row('service adapter, Mongo wire emulator (same adapter, AGENDA_MONGO_URL)', mongoLate),
        row('plain Agenda 6 on PostgreSQL (job at the instant)', plainLate),
        row('floor: setTimeout at the instant', floorLate),
      ];
      const p99 = (samples: readonly number[]) => round(summarize(samples).p99);
      writeResults(
        'wakeups',
        'npm run bench:wakeups',
        [
          {
            title: `Wake-up lateness: ${WAKEUPS} instants ${SPACING_MS} ms apart, ${INSTANCES} scheduler instances per system, one process`,
            rows,
            notes: [
              'Lateness = Date.now() when the handler runs minus the instant it was scheduled for. All systems in one process, interleaved a quarter of a slot apart.',
              `Adapter p99 ${p99(postgresLate)} ms on PostgreSQL, ${p99(mongoLate)} ms on the Mongo emulator; plain Agenda p99 ${p99(plainLate)} ms; setTimeout p99 ${p99(floorLate)} ms.`,
              'The Mongo row is the MongoDB-wire-compatible emulator (one command at a time, in memory, its own process), not mongod.',
              `Machine during the run: ${round(load.machineBusyPercent)} % busy, load average ${load.loadAverage1m} (1 min), this process ${round(load.benchProcessCpuPercent)} % of a core.`,
            ],
          },
        ],
        { config: { WAKEUPS, SPACING_MS, INSTANCES, LEAD_MS }, load, postgresLate, mongoLate, plainLate, floorLate },
      );
    });
  } finally {
    await emulator.stop();
  }
}

await main();
