// The scheduler contract, boundary wake-ups and the store's start: what the Agenda adapter
// promises whichever store keeps its jobs (agenda-scheduler.test.ts runs it once per backend).
// Real Agenda instances (two or three per test, standing in for service instances sharing one
// store), real clock, short offsets.

import { expect } from 'chai';
import { SchedulerStartFailed } from '../../src/adapters/scheduling/scheduler-errors.js';
import { handlers, sleep, type SchedulerFixture } from './contract-fixture.js';

export function describeBoundaryContract(f: SchedulerFixture): void {
  it('starts three instances at once on a fresh store without a collision, with its unique-per-instant guard', async () => {
    const instances = ['a', 'b', 'c'].map((id) => f.scheduler(id));
    await Promise.all(instances.map((s) => s.start(handlers())));
    expect(instances.map((s) => s.isRunning())).to.deep.equal([true, true, true]);
    expect(f.errors()).to.deep.equal([]);
    expect((await f.store().uniqueIndexes()).filter((name) => name.includes('card-boundary') || name.includes('card_boundary'))).to.have.length(1);
  });

  it('rejects start() with SchedulerStartFailed when the store is unreachable, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const unreachable = f.scheduler('lonely', f.store().unreachable);
      const failure = await unreachable.start(handlers()).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(SchedulerStartFailed);
      expect(unreachable.isRunning()).to.equal(false);
      await sleep(100);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('wakes up at the instant: onBoundary(at) runs once, not before `at` and within 500 ms', async () => {
    const calls: { at: number; lateMs: number }[] = [];
    const instance = f.scheduler('a');
    await instance.start(handlers({ onBoundary: async (at) => calls.push({ at, lateMs: Date.now() - at }) }));
    for (const aheadMs of [1500, 2000]) {
      const at = Date.now() + aheadMs;
      await instance.scheduler.wakeAt(at);
      await sleep(aheadMs + 1000);
      const call = calls.find((c) => c.at === at);
      expect(call, `wake-up ${aheadMs} ms ahead`).to.not.equal(undefined);
      expect(call!.lateMs).to.be.at.least(0).and.below(500);
      console.log(`      wake-up created ${aheadMs} ms ahead ran ${call!.lateMs} ms after its instant`);
    }
    expect(calls).to.have.length(2);
    expect(f.errors()).to.deep.equal([]);
  });

  it('runs a boundary asked for by two instances at the same moment exactly once', async () => {
    let runs = 0;
    const onBoundary = async () => {
      runs += 1;
    };
    const [a, b] = [f.scheduler('a'), f.scheduler('b')];
    await Promise.all([a.start(handlers({ onBoundary })), b.start(handlers({ onBoundary }))]);
    const at = Date.now() + 1500;
    await Promise.all([a, b, a, b, a, b].map((s) => s.scheduler.wakeAt(at)));
    expect(await f.store().boundaryJobs(at)).to.equal(1);
    await sleep(2500);
    expect(runs).to.equal(1);
    expect(f.errors()).to.deep.equal([]);
  });

  it('serves many concerts sharing one instant with a single job', async () => {
    const ats: number[] = [];
    const instance = f.scheduler('a');
    await instance.start(handlers({ onBoundary: async (at) => ats.push(at) }));
    const at = Date.now() + 1200;
    await Promise.all(Array.from({ length: 200 }, () => instance.scheduler.wakeAt(at)));
    await sleep(2000);
    expect(ats).to.deep.equal([at]);
  });

  it('fails the job and reports the error when the handler throws', async () => {
    const broken = new Error('publication failed');
    const runs: boolean[] = [];
    const instance = f.scheduler('a', {
      onJobRun: (name, ok) => {
        if (name === 'card-boundary') runs.push(ok);
      },
    });
    await instance.start(
      handlers({
        onBoundary: async () => {
          throw broken;
        },
      }),
    );
    const at = Date.now() + 1200;
    await instance.scheduler.wakeAt(at);
    await sleep(2000);
    expect(f.errors().map((e) => e.error)).to.deep.equal([broken]);
    expect(runs).to.deep.equal([false]);
    expect(await f.store().failReasons('card-boundary')).to.deep.equal(['publication failed']);
  });

  it('stops while it is scanning without an error: connections close after the calls in flight', async () => {
    // Agenda's stop() lets a scan already under way finish on its own; scanning every 20 ms,
    // three instances nearly always have one in flight when they stop.
    for (let round = 0; round < 5; round += 1) {
      const instances = ['a', 'b', 'c'].map((id) => f.scheduler(`${id}${round}`, { reconcileEveryMs: 100, tuning: { processEveryMs: 20 } }));
      await Promise.all(instances.map((s) => s.start(handlers())));
      for (let i = 0; i < 20; i += 1) await instances[i % 3]!.scheduler.wakeAt(Date.now() + 100 + i * 23);
      await sleep(300);
      await Promise.all(instances.map((s) => s.stop()));
    }
    expect(f.errors().map((e) => `${e.context}: ${String(e.error)}`)).to.deep.equal([]);
  });
}
