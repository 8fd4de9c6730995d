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
