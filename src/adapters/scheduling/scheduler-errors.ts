// Named failures of the scheduling adapter, so bootstrap can tell "the job store is unreachable"
// (log, exit or retry) from "asked too early" (a wiring mistake).

export class SchedulerStartFailed extends Error {
  override readonly name = 'SchedulerStartFailed';
  constructor(readonly backend: string, override readonly cause: unknown) {
    super(`the job scheduler could not start on ${backend}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export class SchedulerNotRunning extends Error {
  override readonly name = 'SchedulerNotRunning';
  constructor(readonly operation: string) {
    super(`the job scheduler is not running (${operation}); call start() first`);
  }
}

/** A boundary handler still asleep when stop()'s grace ran out: the reconcile job of a live instance publishes it. */
export class BoundaryAbandoned extends Error {
  override readonly name = 'BoundaryAbandoned';
  constructor(readonly at: number) {
    super(`the wake-up for ${new Date(at).toISOString()} was abandoned: the scheduler stopped before the clock reached it`);
  }
}
