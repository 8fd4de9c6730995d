// Deferred work inside one process (the seat-change coalescing window). Durable, cross-instance
// timing goes through the TransitionScheduler instead.
export interface Timer {
  /** Runs `task` after `delayMs`; the returned function cancels it if it has not run yet. */
  after(delayMs: number, task: () => void): () => void;
}
