// What the Agenda scheduling adapter promises, whichever store keeps its jobs: run by
// agenda-scheduler.test.ts once per backend (scheduler-backends.ts). Real Agenda instances (two
// or three per test, standing in for service instances sharing one store), real clock, short
// offsets.

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createAgendaScheduler, type AgendaScheduler, type AgendaSchedulerOptions, type SchedulerHandlers } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { systemClock } from '../../src/adapters/clock/system-clock.js';
import { SchedulerStartFailed } from '../../src/adapters/scheduling/scheduler-errors.js';
import type { JobStoreUnderTest, SchedulerBackend } from './scheduler-backends.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (done: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(10);
};

export function handlers(overrides: Partial<SchedulerHandlers> = {}): SchedulerHandlers {
  return { onBoundary: async () => undefined, onReconcile: async () => undefined, ...overrides };
}

export function describeSchedulerContract(backend: SchedulerBackend): void {
  describe(`Agenda scheduling adapter on ${backend.name}`, function () {
    this.timeout(30_000);
    let store: JobStoreUnderTest;
    let started: AgendaScheduler[] = [];
    let errors: { error: unknown; context: string }[] = [];

    function scheduler(instanceId: string, overrides: Partial<AgendaSchedulerOptions> = {}): AgendaScheduler {
      const created = createAgendaScheduler({
        ...store.select,
        instanceId,
        clock: systemClock,
        reconcileEveryMs: 60_000,
        onError: (error, context) => errors.push({ error, context }),
        ...overrides,
      });
      started.push(created);
      return created;
    }

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
      await store.drop();
    });

    it('starts three instances at once on a fresh store without a collision, with its unique-per-instant guard', async () => {
      const instances = ['a', 'b', 'c'].map((id) => scheduler(id));
      await Promise.all(instances.map((s) => s.start(handlers())));
      expect(instances.map((s) => s.isRunning())).to.deep.equal([true, true, true]);
      expect(errors).to.deep.equal([]);
      expect((await store.uniqueIndexes()).filter((name) => name.includes('card-boundary') || name.includes('card_boundary'))).to.have.length(1);
    });

    it('rejects start() with SchedulerStartFailed when the store is unreachable, without an unhandled rejection', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const unreachable = scheduler('lonely', store.unreachable);
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
      const instance = scheduler('a');
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
      expect(errors).to.deep.equal([]);
    });

    it('runs a boundary asked for by two instances at the same moment exactly once', async () => {
      let runs = 0;
      const onBoundary = async () => {
        runs += 1;
      };
      const [a, b] = [scheduler('a'), scheduler('b')];
      await Promise.all([a.start(handlers({ onBoundary })), b.start(handlers({ onBoundary }))]);
      const at = Date.now() + 1500;
      await Promise.all([a, b, a, b, a, b].map((s) => s.scheduler.wakeAt(at)));
      expect(await store.boundaryJobs(at)).to.equal(1);
      await sleep(2500);
      expect(runs).to.equal(1);
      expect(errors).to.deep.equal([]);
    });

    it('serves many concerts sharing one instant with a single job', async () => {
      const ats: number[] = [];
      const instance = scheduler('a');
      await instance.start(handlers({ onBoundary: async (at) => ats.push(at) }));
      const at = Date.now() + 1200;
      await Promise.all(Array.from({ length: 200 }, () => instance.scheduler.wakeAt(at)));
      await sleep(2000);
      expect(ats).to.deep.equal([at]);
    });

    it('fails the job and reports the error when the handler throws', async () => {
      const broken = new Error('publication failed');
      const runs: boolean[] = [];
      const instance = scheduler('a', {
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
      expect(errors.map((e) => e.error)).to.deep.equal([broken]);
      expect(runs).to.deep.equal([false]);
      expect(await store.failReasons('card-boundary')).to.deep.equal(['publication failed']);
    });

    it('runs the reconcile job on one instance at a time, and the other takes over when the runner stops', async () => {
      const runsBy: string[] = [];
      let active = 0;
      let overlapped = false;
      const reconcilingAs = (id: string) => async () => {
        active += 1;
        if (active > 1) overlapped = true;
        runsBy.push(id);
        await sleep(50);
        active -= 1;
      };
      const a = scheduler('a', { reconcileEveryMs: 500 });
      const b = scheduler('b', { reconcileEveryMs: 500 });
      await Promise.all([a.start(handlers({ onReconcile: reconcilingAs('a') })), b.start(handlers({ onReconcile: reconcilingAs('b') }))]);
      await sleep(3500);
      expect(runsBy.length).to.be.at.least(3);
      expect(overlapped).to.equal(false);

      const lastRunner = runsBy.at(-1)!;
      const runner = lastRunner === 'a' ? a : b;
      const otherId = lastRunner === 'a' ? 'b' : 'a';
      const stoppedAt = Date.now();
      await runner.stop();
      const before = runsBy.length;
      const takeoverRuns = () => runsBy.slice(before).filter((id) => id === otherId).length;
      await until(() => takeoverRuns() >= 1, 5000);
      const firstTakeoverMs = Date.now() - stoppedAt;
      await until(() => takeoverRuns() >= 2, 5000 - firstTakeoverMs);
      expect(takeoverRuns(), 'runs by the remaining instance').to.be.at.least(2);
      expect(runsBy.slice(before)).to.not.include(lastRunner);
      console.log(`      takeover after a graceful stop: first run by the remaining instance ${firstTakeoverMs} ms after stop()`);
      expect(errors).to.deep.equal([]);
    });

    it('lets another instance take the reconcile job within the lock lifetime when its runner is SIGKILLed', async () => {
      const survivorRuns: number[] = [];
      const survivor = scheduler('survivor', { reconcileEveryMs: 500 });
      await survivor.start(handlers({ onReconcile: async () => survivorRuns.push(Date.now()) }));
      const child = spawn(process.execPath, [fileURLToPath(new URL('./reconciling-instance.js', import.meta.url)), ...store.childArgs, '500', '4000'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        await new Promise<void>((resolve, reject) => {
          // Within the test's own timeout, so the finally below still kills the child.
          const gaveUp = setTimeout(() => reject(new Error('the child never started reconciling')), 15_000);
          child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
          child.stdout.on('data', (chunk: Buffer) => {
            if (!chunk.toString().includes('reconcile-start')) return;
            clearTimeout(gaveUp);
            resolve();
          });
        });
      } finally {
        child.kill('SIGKILL');
      }
      const killedAt = Date.now();
      await until(() => survivorRuns.some((at) => at > killedAt), 20_000);
      const takeoverMs = (survivorRuns.find((at) => at > killedAt) ?? Infinity) - killedAt;
      // The recurring job's lock lives max(2 x 500 ms, 2 s) = 2 s, not Agenda's 10 min nor the 10 s of boundary jobs.
      console.log(`      takeover after SIGKILL of the runner: ${takeoverMs} ms (its lock lifetime 2000 ms)`);
      expect(takeoverMs).to.be.below(2_000 + 5_000);
    });

    it('keeps the lock of a job that runs longer than its lock lifetime: not canceled, not run twice', async () => {
      let active = 0;
      let overlapped = false;
      const finished: string[] = [];
      const slowly = (id: string) => async () => {
        active += 1;
        if (active > 1) overlapped = true;
        await sleep(4000);
        active -= 1;
        finished.push(id);
      };
      const tuning = { lockLifetimeMs: 1500 };
      const [a, b] = [scheduler('a', { tuning }), scheduler('b', { tuning })];
      await a.every('slow-job', 60_000, slowly('a'));
      await b.every('slow-job', 60_000, slowly('b'));
      await Promise.all([a.start(handlers()), b.start(handlers())]);
      await sleep(5500);
      expect(overlapped).to.equal(false);
      expect(finished).to.have.length(1);
      expect(errors).to.deep.equal([]);
    });

    it("keeps the lock of a running recurring job when another instance's every() saves the same job", async () => {
      // Another instance starting (every() at its start) while this one runs the job. B scans
      // every 100 ms, so a lock lost for the 0.6 s until A's next keep-alive touch is taken.
      let active = 0;
      let overlapped = false;
      const runsBy: string[] = [];
      const longRun = (id: string) => async () => {
        active += 1;
        if (active > 1) overlapped = true;
        runsBy.push(id);
        await sleep(2500);
        active -= 1;
      };
      const a = scheduler('a');
      const b = scheduler('b', { tuning: { processEveryMs: 100 } });
      await a.every('long-job', 500, longRun('a'));
      await Promise.all([a.start(handlers()), b.start(handlers())]);
      await until(() => runsBy.length > 0, 5000);
      expect(runsBy, 'first run').to.deep.equal(['a']);
      await b.every('long-job', 500, longRun('b'));
      await until(() => overlapped || active === 0, 5000);
      expect(overlapped, `runs ${runsBy.join(',')}: a second run began while the first went on`).to.equal(false);
      expect(errors).to.deep.equal([]);
    });

    it('stops while it is scanning without an error: connections close after the calls in flight', async () => {
      // Agenda's stop() lets a scan already under way finish on its own; scanning every 20 ms,
      // three instances nearly always have one in flight when they stop.
      for (let round = 0; round < 5; round += 1) {
        const instances = ['a', 'b', 'c'].map((id) => scheduler(`${id}${round}`, { reconcileEveryMs: 100, tuning: { processEveryMs: 20 } }));
        await Promise.all(instances.map((s) => s.start(handlers())));
        for (let i = 0; i < 20; i += 1) await instances[i % 3]!.scheduler.wakeAt(Date.now() + 100 + i * 23);
        await sleep(300);
        await Promise.all(instances.map((s) => s.stop()));
      }
      expect(errors.map((e) => `${e.context}: ${String(e.error)}`)).to.deep.equal([]);
    });

    it('runs a job registered with every() before or after start', async () => {
      const runs: string[] = [];
      const instance = scheduler('a');
      await instance.every('before-start', 500, async () => runs.push('before'));
      await instance.start(handlers());
      await instance.every('after-start', 500, async () => runs.push('after'));
      await sleep(2500);
      expect(runs).to.include('before').and.to.include('after');
    });
  });
}
