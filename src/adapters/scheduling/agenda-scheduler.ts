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
//   the look-ahead short (LISTEN/NOTIFY covers jobs created closer to their run time).
// - That timer is armed once per job. Node timers can fire a millisecond or more early by the wall
//   clock (they count from the event loop's cached time); Agenda then finds `nextRunAt` still in the
//   future, re-queues the job without a new timer, and it waits for the next job's timer or the
//   next scan (measured: 5 in 100 wake-ups ~100 ms late, a lone one up to `processEvery`). So a
//   boundary job is stored `wakeLeadMs` (1.5 scan periods) before its instant, where the next scan
//   rescues a stranded job in time, and its handler sleeps until the wall clock reaches the instant
//   (re-arming when a timer fires early) before calling onBoundary. Agenda keeps the job durable
//   and single-runner; the instant itself is kept by this adapter.
// - A lock held by a dead process is freed only after `lockLifetime` (default 10 min). We use 10 s,
//   and keep live jobs' locks fresh with touch(), so only a dead instance's locks ever expire. A
//   boundary it had locked ahead is run elsewhere ~10 s late, and the reconcile job (whose own lock
//   expires as fast) publishes a missed boundary sooner anyway.
// - Per-name concurrency defaults to 5 and global concurrency to 20: raised for crowded seconds
//   (one job per distinct instant, each holding its slot for the lead).
// - stop() unlocks jobs locked but not running; running ones keep their lock until they finish, so
//   we stop Agenda without closing connections, let running jobs finish (bounded), then close.

import { Agenda, type Job } from 'agenda';
import type { Clock } from '../../application/ports/clock.js';
import type { TransitionScheduler } from '../../application/ports/outbound/transition-scheduler.js';
import type { JobStore } from './job-store.js';
import { createMongoJobStore } from './mongo-job-store.js';
import { createPostgresJobStore } from './postgres-job-store.js';
import { SchedulerNotRunning, SchedulerStartFailed } from './scheduler-errors.js';

export const BOUNDARY_JOB = 'card-boundary';
const MIN_RECURRING_LOCK_MS = 2_000;
export const RECONCILE_JOB = 'live-reconcile';

export interface SchedulerTuning {
  /**
   * How often Agenda scans for due jobs, and how far ahead it locks them. Boundary jobs are stored
   * 1.5 periods ahead of their instant (see the header).
   */
  readonly processEveryMs: number;
  /** How long a lock outlives a silent (dead) holder before another instance may take the job. */
  readonly lockLifetimeMs: number;
  /** Boundary jobs one instance runs at once. */
  readonly boundaryConcurrency: number;
  /** How long stop() waits for running jobs before closing connections anyway. */
  readonly stopGraceMs: number;
  /** Agenda's table (PostgreSQL) or collection (MongoDB). */
  readonly tableName: string;
  /** Connections in the PostgreSQL pool (one is held for LISTEN). */
  readonly poolSize: number;
}

export const DEFAULT_TUNING: SchedulerTuning = {
  processEveryMs: 1000,
  lockLifetimeMs: 10_000,
  boundaryConcurrency: 200,
  stopGraceMs: 5000,
  tableName: 'agenda_jobs',
  poolSize: 10,
};

export interface AgendaSchedulerOptions {
  /** PostgreSQL URL; Agenda's table lives in this database. Ignored when `mongoUrl` is given. */
  readonly databaseUrl: string;
  /** When given, Agenda keeps its jobs in MongoDB instead (untested here: no MongoDB available). */
  readonly mongoUrl?: string | undefined;
  /** Names this instance in Agenda's `last_modified_by` and in cross-instance job events. */
  readonly instanceId: string;
  /** Period of the `live-reconcile` job (2000 is a good default). */
  readonly reconcileEveryMs: number;
  /** Server time: a boundary job sleeps until this clock reaches its instant. */
  readonly clock: Clock;
  /** Failed jobs (they still fail in Agenda), Agenda and connection errors. */
  readonly onError: (error: unknown, context: string) => void;
  /** After each job run on this instance, for metrics. */
  readonly onJobRun?: ((name: string, ok: boolean) => void) | undefined;
  readonly tuning?: Partial<SchedulerTuning> | undefined;
}

/** What the scheduler runs, handed to start() (the application's entry points). */
export interface SchedulerHandlers {
  /** Runs at a boundary instant, never before it: RunDueTransitions.execute(at). */
  readonly onBoundary: (at: number) => Promise<unknown>;
  /** Runs every `reconcileEveryMs` on one instance: ReconcileLiveStream.execute(). */
  readonly onReconcile: () => Promise<unknown>;
}

export interface AgendaScheduler {
  /** The application's port. wakeAt() rejects with SchedulerNotRunning before start(). */
  readonly scheduler: TransitionScheduler;
  /** Connects, prepares the job store, starts processing. Rejects with SchedulerStartFailed. */
  start(handlers: SchedulerHandlers): Promise<void>;
  /** Stops taking jobs, releases this instance's locks, lets running jobs finish, disconnects. */
  stop(): Promise<void>;
  /**
   * Registers a recurring job run on one instance at a time, every `intervalMs` (measured from
   * the start of the previous run). Before start() it is installed by start(); after, at once.
   */
  every(name: string, intervalMs: number, handler: () => Promise<unknown>, runAtStart?: boolean): Promise<void>;
  isRunning(): boolean;
}

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

  async function start(handlers: SchedulerHandlers): Promise<void> {
    if (phase !== 'idle') throw new Error(`scheduler cannot start while ${phase}`);
    phase = 'starting';
    recurring.set(RECONCILE_JOB, { intervalMs: options.reconcileEveryMs, handler: handlers.onReconcile, runAtStart: true });
    let label = options.mongoUrl ? 'MongoDB' : 'PostgreSQL';
    try {
      store = options.mongoUrl
        ? createMongoJobStore({ mongoUrl: options.mongoUrl, collection: tuning.tableName, onError: options.onError })
        : createPostgresJobStore({
            databaseUrl: options.databaseUrl,
            tableName: tuning.tableName,
            uniqueBoundary: { jobName: BOUNDARY_JOB, dataKey: 'at' },
            poolSize: tuning.poolSize,
            onError: options.onError,
          });
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
      const runBoundary = async (job: Job<BoundaryData>) => {
        await sleepUntil(options.clock, job.attrs.data.at);
        await handlers.onBoundary(job.attrs.data.at);
      };
      define<BoundaryData>(agenda, BOUNDARY_JOB, tuning.boundaryConcurrency, true, tuning.lockLifetimeMs, runBoundary, (job) => `${BOUNDARY_JOB} at ${job.attrs.data.at}`);
      for (const [name, job] of recurring) defineRecurring(agenda, name, job);
      await agenda.start();
      for (const [name, job] of recurring) await scheduleRecurring(agenda, name, job);
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

/** Refreshes a running job's lock so that only a dead holder's lock ever expires. */
function keepLockAlive(job: Job<unknown>, everyMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let touching: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    touching = touching.then(() => job.touch()).catch(onError);
  }, everyMs);
  timer.unref();
  // Awaiting the last touch matters: a touch landing after Agenda's final save would re-lock the job.
  return async () => {
    clearInterval(timer);
    await touching;
  };
}

/** Resolves once the clock reaches `at`; a timer that fires early is re-armed for the rest. */
async function sleepUntil(clock: Clock, at: number): Promise<void> {
  for (let left = at - clock.now(); left > 0; left = at - clock.now()) await new Promise((resolve) => setTimeout(resolve, left));
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
