// The frame of the scheduler contract (boundary-contract.ts, recurring-contract.ts): per test a
// fresh job store of the backend under test, schedulers made on it (stopped after the test), and
// the errors they reported. Call inside the describe() of one backend.

import { createAgendaScheduler, type AgendaScheduler, type AgendaSchedulerOptions, type SchedulerHandlers } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { systemClock } from '../../src/adapters/clock/system-clock.js';
import type { JobStoreUnderTest, SchedulerBackend } from './scheduler-backends.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 10 ms until it holds or `timeoutMs` has passed. */
export async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(10);
}

export function handlers(overrides: Partial<SchedulerHandlers> = {}): SchedulerHandlers {
  return { onBoundary: async () => undefined, onReconcile: async () => undefined, ...overrides };
}

export interface SchedulerFixture {
  /** This test's job store. */
  store(): JobStoreUnderTest;
  /** A scheduler on this test's store (real clock, reconcile every 60 s unless overridden). */
  scheduler(instanceId: string, overrides?: Partial<AgendaSchedulerOptions>): AgendaScheduler;
  /** Everything the schedulers of this test reported through onError. */
  errors(): { error: unknown; context: string }[];
}

export function schedulerFixture(backend: SchedulerBackend): SchedulerFixture {
  let store: JobStoreUnderTest | null = null;
  let started: AgendaScheduler[] = [];
  let errors: { error: unknown; context: string }[] = [];

  before(async function () {
    this.timeout(30_000);
    await backend.setUp();
  });
  after(() => backend.tearDown());
  beforeEach(async () => {
    store = await backend.fresh();
    started = [];
    errors = [];
  });
  afterEach(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await store?.drop();
    store = null;
  });

  const current = () => {
    if (!store) throw new Error('no job store outside a test');
    return store;
  };
  return {
    store: current,
    scheduler(instanceId, overrides = {}) {
      const created = createAgendaScheduler({
        ...current().select,
        instanceId,
        clock: systemClock,
        reconcileEveryMs: 60_000,
        onError: (error, context) => errors.push({ error, context }),
        ...overrides,
      });
      started.push(created);
      return created;
    },
    errors: () => errors,
  };
}
