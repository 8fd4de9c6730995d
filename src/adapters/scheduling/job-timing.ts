// The time-keeping around a job run: sleeping to a boundary instant on the application's Clock,
// keeping a running job's lock fresh, and waiting (bounded) for running jobs at stop.

import { setTimeout as delay } from 'node:timers/promises';
import type { Job } from 'agenda';
import type { Clock } from '../../application/ports/clock.js';

/**
 * Longest single timer while sleeping to an instant. The clock is read again after each one, so
 * a clock that moves other than with the wall clock (a test's, or a stepped system clock) is
 * noticed within this long, and no timer is ever armed past Node's 24.8-day limit.
 */
export const SLEEP_STEP_MS = 1_000;

/**
 * Resolves once `clock.now() >= at`; a timer that fires early is re-armed for the rest. Rejects
 * with the signal's reason when `signal` aborts first.
 */
export async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  for (let left = at - clock.now(); left > 0; left = at - clock.now()) {
    signal.throwIfAborted();
    await delay(Math.min(left, SLEEP_STEP_MS), undefined, { signal });
  }
}

/** Refreshes a running job's lock so that only a dead holder's lock ever expires. */
export function keepLockAlive(job: Job<unknown>, everyMs: number, onError: (error: unknown) => void): () => Promise<void> {
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

/** Polls `done` every 50 ms until it holds or `timeoutMs` (elapsed, not wall-clock) has passed. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) await delay(50);
}
