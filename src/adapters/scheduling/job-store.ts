// What the scheduler needs from where Agenda keeps its jobs (PostgreSQL by default, MongoDB as a
// configuration switch): a backend whose connect() has been made safe to run from many instances
// at once, and a way to recognise "this boundary is already scheduled" when the store enforces it.

import type { AgendaBackend, JobRepository } from 'agenda';

export interface JobStore {
  /** Human-readable name for errors ("PostgreSQL", "MongoDB"). */
  readonly label: string;
  /**
   * Agenda's backend. Its connect() never rejects (Agenda calls it from its constructor and drops
   * the promise, so a rejection would be unhandled); the outcome is reported by `connected`.
   */
  readonly backend: AgendaBackend;
  /** Settles when the backend's connect() has finished: resolves, or rejects with the cause. */
  connected(): Promise<void>;
  /** True when `error` is the store refusing a second job for an already scheduled boundary. */
  isDuplicateBoundary(error: unknown): boolean;
  /** Releases every connection the store opened. */
  close(): Promise<void>;
}

/** Runs `connect` once and remembers its outcome instead of letting a rejection escape. */
export function settleOnce(connect: () => Promise<void>): { run(): Promise<void>; outcome(): Promise<void> } {
  let settled: Promise<{ error: unknown } | null> | null = null;
  const run = (): Promise<void> => {
    settled ??= connect().then(
      () => null,
      (error: unknown) => ({ error }),
    );
    return settled.then(() => undefined);
  };
  return {
    run,
    outcome: async () => {
      const result = await (settled ?? Promise.reject(new Error('connect() was never called')));
      if (result) throw result.error;
    },
  };
}

/** How long close() waits for Agenda's calls still in flight before closing the connections anyway. */
const IN_FLIGHT_GRACE_MS = 1_000;

export interface GuardedBackend {
  readonly backend: AgendaBackend;
  /**
   * Resolves once none of Agenda's calls to the repository is in flight, or after a bound. Agenda's
   * stop() leaves a scan already under way to finish on its own; closing the connections under it
   * fails that call ("client was closed") and reports a spurious error at every stop.
   */
  settled(): Promise<void>;
}

/**
 * Agenda's view of a backend whose connect() is `connect` (made safe by settleOnce), optionally
 * through a repository that corrects the backend's own: the store, not Agenda, owns the
 * connection and closes it (after `settled()`).
 */
export function guardedBackend(inner: AgendaBackend, connect: () => Promise<void>, repository: JobRepository = inner.repository): GuardedBackend {
  const inFlight = new Set<Promise<unknown>>();
  const tracked = new Proxy(repository, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) {
          const done = result.then(
            () => undefined,
            () => undefined,
          );
          inFlight.add(done);
          void done.then(() => inFlight.delete(done));
        }
        return result;
      };
    },
  });
  return {
    backend: {
      name: inner.name,
      repository: tracked,
      notificationChannel: inner.notificationChannel,
      logger: inner.logger,
      ownsConnection: false,
      connect,
      disconnect: () => inner.disconnect(),
    },
    async settled() {
      const deadline = performance.now() + IN_FLIGHT_GRACE_MS;
      while (inFlight.size > 0 && performance.now() < deadline) {
        await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - performance.now())))]);
      }
    },
  };
}
