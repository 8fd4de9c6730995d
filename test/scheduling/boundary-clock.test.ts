// The adapter keeps the boundary instant on the application's Clock, not on the wall clock that
// Agenda schedules by: onBoundary(at) runs once the injected clock reads `at`, and a handler whose
// clock never gets there gives up at stop() instead of publishing from a stopped instance. This is
// the adapter's own sleep, the same whichever store holds the job, so it runs on PostgreSQL only.

import { expect } from 'chai';
import { createAgendaScheduler, type AgendaScheduler } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { BoundaryAbandoned } from '../../src/adapters/scheduling/scheduler-errors.js';
import { AdjustableClock } from '../support/adjustable-clock.js';
import { postgresBackend, type JobStoreUnderTest } from './scheduler-backends.js';
import { handlers } from './contract-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Agenda scheduling adapter: the boundary instant is kept on the injected clock', function () {
  this.timeout(20_000);
  const backend = postgresBackend();
  let store: JobStoreUnderTest;
  let instance: AgendaScheduler | null = null;
  let errors: { error: unknown; context: string }[] = [];
  // 30 s behind the wall clock and still: Agenda finds the jobs below due at once (by the wall
  // clock), and only the test decides when the application's clock reaches their instant.
  let clock: AdjustableClock;

  const start = async (onBoundary: (at: number) => Promise<unknown>, stopGraceMs = 5_000) => {
    instance = createAgendaScheduler({
      ...store.select,
      instanceId: 'clocked',
      clock,
      reconcileEveryMs: 60_000,
      onError: (error, context) => errors.push({ error, context }),
      tuning: { stopGraceMs },
    });
    await instance.start(handlers({ onBoundary }));
    return instance;
  };

  beforeEach(async () => {
    store = await backend.fresh();
    errors = [];
    clock = new AdjustableClock(Date.now() - 30_000);
  });

  afterEach(async () => {
    await instance?.stop();
    instance = null;
    await store.drop();
  });

  it('runs onBoundary(at) only once the injected clock reads `at`, whatever the wall clock says', async () => {
    const calls: { at: number; clockAt: number }[] = [];
    const scheduler = await start(async (at) => calls.push({ at, clockAt: clock.now() }));
    // 20 s away on the still clock (longer than any timer the sleep may arm), due 11.5 s ago by the wall clock.
    const at = clock.now() + 20_000;
    await scheduler.scheduler.wakeAt(at);
    await sleep(2_500); // Agenda picked the job at its first scan
    expect(calls, 'called before the clock reached the instant').to.deep.equal([]);
    clock.set(at - 1);
    await sleep(1_500);
    expect(calls, 'called 1 ms before the instant').to.deep.equal([]);
    clock.set(at);
    const movedAt = Date.now();
    while (calls.length === 0 && Date.now() - movedAt < 3_000) await sleep(10);
    expect(calls).to.deep.equal([{ at, clockAt: at }]);
    // It re-reads the clock at least once a second: a moved clock is noticed within that (bound 2.5 s).
    expect(Date.now() - movedAt).to.be.below(2_500);
    expect(errors).to.deep.equal([]);
  });

  it('gives up a wake-up whose clock has not reached it when the stop grace runs out, and never calls onBoundary', async () => {
    const calls: number[] = [];
    const scheduler = await start(async (at) => calls.push(at), 500);
    const at = clock.now() + 5_000; // due by the wall clock, 5 s away on the still clock
    await scheduler.scheduler.wakeAt(at);
    await sleep(2_000); // picked and asleep
    const stopping = performance.now();
    await scheduler.stop();
    // Bound: the 500 ms grace, 1 s for the abandoned handler to record its failure, and slack.
    expect(performance.now() - stopping).to.be.below(3_500);
    clock.set(at + 1);
    await sleep(1_500);
    expect(calls, 'onBoundary after stop()').to.deep.equal([]);
    expect(errors.map((e) => e.error)).to.satisfy((seen: unknown[]) => seen.length === 1 && seen[0] instanceof BoundaryAbandoned);
  });
});
