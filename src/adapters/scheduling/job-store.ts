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

/**
 * Agenda's view of a backend whose connect() is `connect` (made safe by settleOnce), optionally
 * through a repository that corrects the backend's own: the store, not Agenda, owns the
 * connection and closes it.
 */
export function guardedBackend(inner: AgendaBackend, connect: () => Promise<void>, repository: JobRepository = inner.repository): AgendaBackend {
  return {
    name: inner.name,
    repository,
    notificationChannel: inner.notificationChannel,
    logger: inner.logger,
    ownsConnection: false,
    connect,
    disconnect: () => inner.disconnect(),
  };
}
