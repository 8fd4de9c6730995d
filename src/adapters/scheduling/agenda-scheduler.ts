// The TransitionScheduler port on Agenda 6, plus the recurring jobs the service runs on exactly one
// instance at a time (the live-stream reconcile, and whatever else bootstrap registers).
//
// One job per boundary INSTANT, not per concert: `card-boundary` with data { at }, run at `at`. The
// application's RunDueTransitions publishes every card whose stored boundary is <= at, so a
// crowded second costs one job instead of queueing hundreds behind Agenda's per-name concurrency.
//
// Settings chosen against Agenda 6's behaviour (read in node_modules/agenda/dist/JobProcessor.js):
// - It locks jobs due within the next `processEvery` AHEAD of their run time and fires them from a
//   timer in the locking process; a job is picked at the last scan before its instant. 1 s keeps
//   the look-ahead short. On PostgreSQL, LISTEN/NOTIFY covers jobs created closer to their run
//   time; on MongoDB no notification channel is wired, so such a job waits for the next scan.
// - That timer is armed once per job. Node timers can fire a millisecond or more early by the wall
//   clock (they count from the event loop's cached time); Agenda then finds `nextRunAt` still in the
//   future, re-queues the job without a new timer, and it waits for the next job's timer or the
//   next scan (measured: 5 in 100 wake-ups ~100 ms late, a lone one up to `processEvery`). So a
//   boundary job is stored `wakeLeadMs` (1.5 scan periods) before its instant, where the next scan
//   rescues a stranded job in time, and its handler sleeps until the application's Clock reaches
//   the instant (re-arming when a timer fires early) before calling onBoundary. Agenda keeps the
//   job durable and single-runner, on the wall clock; the instant itself is kept by this adapter,
//   on the injected Clock (the one every card is computed with).
// - A lock held by a dead process is freed only after `lockLifetime` (default 10 min). We use 10 s,
//   and keep live jobs' locks fresh with touch(), so only a dead instance's locks ever expire. A
//   boundary it had locked ahead is run elsewhere ~10 s late, and the reconcile job (whose own lock
//   expires as fast) publishes a missed boundary sooner anyway.
// - Per-name concurrency defaults to 5 and global concurrency to 20: raised for crowded seconds
//   (one job per distinct instant, each holding its slot for the lead).
// - stop() unlocks jobs locked but not running; running ones keep their lock until they finish, so
//   we stop Agenda without closing connections, let running jobs finish (bounded), then close. A
//   boundary handler still asleep when the grace runs out gives up rather than publish from a
//   stopped instance (the reconcile job of a live one publishes the boundary).

import { Agenda, type Job } from 'agenda';
import type { JobStore } from './job-store.js';
import { keepLockAlive, sleepUntil, waitUntil } from './job-timing.js';
import { createMongoJobStore } from './mongo-job-store.js';
import { createPostgresJobStore } from './postgres-job-store.js';
import { BoundaryAbandoned, SchedulerNotRunning, SchedulerStartFailed } from './scheduler-errors.js';
import { DEFAULT_TUNING, type AgendaScheduler, type AgendaSchedulerOptions, type SchedulerHandlers, type SchedulerTuning } from './scheduler-options.js';

export { DEFAULT_TUNING, type AgendaScheduler, type AgendaSchedulerOptions, type SchedulerHandlers, type SchedulerTuning } from './scheduler-options.js';

export const BOUNDARY_JOB = 'card-boundary';
const MIN_RECURRING_LOCK_MS = 2_000;
export const RECONCILE_JOB = 'live-reconcile';
/** How long stop() still waits, after aborting sleeping boundary handlers, for them to record their failure. */
const ABANDON_GRACE_MS = 1_000;

interface BoundaryData {
  readonly at: number;
}

interface Recurring {
  readonly intervalMs: number;
  readonly handler: () => Promise<unknown>;
  /** Run once as soon as it is scheduled (Agenda's default), or only after the first interval. */
  readonly runAtStart: boolean;
}

type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

export function createAgendaScheduler(options: AgendaSchedulerOptions): AgendaScheduler {
  const tuning: SchedulerTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const wakeLeadMs = Math.round(tuning.processEveryMs * 1.5);
  const recurring = new Map<string, Recurring>();
  const runningJobs = new Set<string>();
  let phase: Phase = 'idle';
  let agenda: Agenda | null = null;
  let store: JobStore | null = null;
  // Aborted when stop()'s grace runs out: boundary handlers still asleep give up.
  let sleeping = new AbortController();

  /** Defines a job whose handler fails the job (Agenda records it) after reporting the error. */
  function define<DATA>(
    target: Agenda,
    name: string,
    concurrency: number,
    removeOnComplete: boolean,
    lockLifetimeMs: number,
    run: (job: Job<DATA>) => Promise<unknown>,
    describe: (job: Job<DATA>) => string,
  ): void {
    target.define<DATA>(
      name,
      async (job) => {
        const stopKeepAlive = keepLockAlive(job, lockLifetimeMs / 3, (error) => options.onError(error, `lock keep-alive of ${describe(job)}`));
        try {
          await run(job);
          options.onJobRun?.(name, true);
        } catch (error) {
          options.onError(error, describe(job));
          options.onJobRun?.(name, false);
          throw error;
        } finally {
          await stopKeepAlive();
        }
      },
      { concurrency, lockLifetime: lockLifetimeMs, removeOnComplete },
    );
  }

  function defineRecurring(target: Agenda, name: string, job: Recurring): void {
    // Agenda locks a recurring job ahead of its run too; if the holder dies, the job waits for the
    // lock to expire. The reconcile job is what catches a dead instance's boundaries, so its own
    // lock must not outlive a couple of its periods (the keep-alive covers a long run).
    const lockLifetimeMs = Math.min(tuning.lockLifetimeMs, Math.max(2 * job.intervalMs, MIN_RECURRING_LOCK_MS));
    define(target, name, 1, false, lockLifetimeMs, () => job.handler(), () => `recurring job ${name}`);
  }

  async function scheduleRecurring(target: Agenda, name: string, job: Recurring): Promise<void> {
    await target.every(job.intervalMs, name, undefined, { skipImmediate: !job.runAtStart });
  }

  function openStore(): JobStore {
    const uniqueBoundary = { jobName: BOUNDARY_JOB, dataKey: 'at' };
    return options.mongoUrl
      ? createMongoJobStore({ mongoUrl: options.mongoUrl, collection: tuning.tableName, uniqueBoundary, clock: options.clock })
      : createPostgresJobStore({ databaseUrl: options.databaseUrl, tableName: tuning.tableName, uniqueBoundary, poolSize: tuning.poolSize, onError: options.onError });
  }

  async function start(handlers: SchedulerHandlers): Promise<void> {
    if (phase !== 'idle') throw new Error(`scheduler cannot start while ${phase}`);
    phase = 'starting';
    sleeping = new AbortController();
    let label = options.mongoUrl ? 'MongoDB' : 'PostgreSQL';
    try {
      store = openStore();
      label = store.label;
      agenda = new Agenda({
        backend: store.backend,
        name: options.instanceId,
        processEvery: tuning.processEveryMs,
        maxConcurrency: tuning.boundaryConcurrency + 10,
        defaultLockLifetime: tuning.lockLifetimeMs,
      });
      agenda.on('error', (error) => options.onError(error, 'agenda'));
      agenda.on('start', (job: Job, remote?: boolean) => {
        if (!remote) runningJobs.add(String(job.attrs._id));
      });
      agenda.on('complete', (job: Job, remote?: boolean) => {
        if (!remote) runningJobs.delete(String(job.attrs._id));
      });
      await store.connected();
      const { signal } = sleeping;
      const runBoundary = async (job: Job<BoundaryData>) => {
        const { at } = job.attrs.data;
        await sleepUntil(options.clock, at, signal).catch((error: unknown) => {
          throw signal.aborted ? new BoundaryAbandoned(at) : error;
        });
        await handlers.onBoundary(at);
      };
      define<BoundaryData>(agenda, BOUNDARY_JOB, tuning.boundaryConcurrency, true, tuning.lockLifetimeMs, runBoundary, (job) => `${BOUNDARY_JOB} at ${job.attrs.data.at}`);
      const jobs: [string, Recurring][] = [[RECONCILE_JOB, { intervalMs: options.reconcileEveryMs, handler: () => handlers.onReconcile(), runAtStart: true }], ...recurring];
      for (const [name, job] of jobs) defineRecurring(agenda, name, job);
      await agenda.start();
      for (const [name, job] of jobs) await scheduleRecurring(agenda, name, job);
      phase = 'running';
    } catch (error) {
      await shutDown(0).catch((cleanupError: unknown) => options.onError(cleanupError, 'scheduler clean-up after a failed start'));
      phase = 'idle';
      throw new SchedulerStartFailed(label, error);
    }
  }

  async function shutDown(graceMs: number): Promise<void> {
    const [stopping, closing] = [agenda, store];
    agenda = null;
    store = null;
    if (stopping) await stopping.stop(false);
    await waitUntil(() => runningJobs.size === 0, graceMs);
    if (runningJobs.size > 0) {
      sleeping.abort();
      await waitUntil(() => runningJobs.size === 0, ABANDON_GRACE_MS);
    }
    if (closing) await closing.close();
  }

  return {
    scheduler: {
      async wakeAt(instant: number): Promise<void> {
        const [target, jobs] = [agenda, store];
        if (phase !== 'running' || !target || !jobs) throw new SchedulerNotRunning('wakeAt');
        if (!Number.isSafeInteger(instant)) throw new RangeError(`wake-up instant must be epoch milliseconds, got ${instant}`);
        const job = target.create<BoundaryData>(BOUNDARY_JOB, { at: instant });
        job.schedule(new Date(instant - wakeLeadMs)).unique({ 'data.at': instant }, { insertOnly: true });
        try {
          await job.save();
        } catch (error) {
          // Another instance inserted the same instant between Agenda's check and its insert.
          if (!jobs.isDuplicateBoundary(error)) throw error;
        }
      },
    },
    start,
    async stop(): Promise<void> {
      if (phase !== 'running') return;
      phase = 'stopping';
      try {
        await shutDown(tuning.stopGraceMs);
      } finally {
        phase = 'stopped';
      }
    },
    async every(name: string, intervalMs: number, handler: () => Promise<unknown>, runAtStart = true): Promise<void> {
      if (name === BOUNDARY_JOB || name === RECONCILE_JOB || recurring.has(name)) throw new Error(`job ${name} is already defined`);
      if (!(intervalMs > 0)) throw new RangeError(`interval of ${name} must be positive, got ${intervalMs}`);
      const job = { intervalMs, handler, runAtStart };
      recurring.set(name, job);
      if (phase === 'running' && agenda) {
        defineRecurring(agenda, name, job);
        await scheduleRecurring(agenda, name, job);
      }
    },
    isRunning: () => phase === 'running',
  };
}
