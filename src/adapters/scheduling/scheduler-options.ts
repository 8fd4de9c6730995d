// What the Agenda scheduling adapter is given and what it offers (agenda-scheduler.ts builds it).

import type { Clock } from '../../application/ports/clock.js';
import type { TransitionScheduler } from '../../application/ports/outbound/transition-scheduler.js';

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
  /**
   * When given, Agenda keeps its jobs in MongoDB instead. The URL goes to the driver as it is:
   * the adapter adds no option to it (see mongo-job-store.ts).
   */
  readonly mongoUrl?: string | undefined;
  /** Names this instance in Agenda's `last_modified_by` and in cross-instance job events. */
  readonly instanceId: string;
  /** The application's clock: a boundary handler runs once it reads the boundary instant. */
  readonly clock: Clock;
  /** Period of the `live-reconcile` job (2000 is a good default). */
  readonly reconcileEveryMs: number;
  /** Failed jobs (they still fail in Agenda), Agenda and connection errors. */
  readonly onError: (error: unknown, context: string) => void;
  /** After each job run on this instance, for metrics. */
  readonly onJobRun?: ((name: string, ok: boolean) => void) | undefined;
  readonly tuning?: Partial<SchedulerTuning> | undefined;
}

/**
 * What the scheduler runs, given at start() rather than at construction: the use cases that
 * handle a wake-up need the scheduler port themselves, so the composition root builds the
 * scheduler first, then the use cases, then starts it with them.
 */
export interface SchedulerHandlers {
  /** Runs at a boundary instant: RunDueTransitions.execute(at). */
  onBoundary(at: number): Promise<unknown>;
  /** Runs every `reconcileEveryMs` on one instance: ReconcileLiveStream.execute(). */
  onReconcile(): Promise<unknown>;
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
