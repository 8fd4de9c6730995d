// The scheduler contract, recurring jobs (the reconcile job and every()): one runner at a time,
// takeover after a stop or a SIGKILL, locks kept through long runs and through another instance's
// every(). agenda-scheduler.test.ts runs it once per backend.

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { handlers, sleep, until, type SchedulerFixture } from './contract-fixture.js';

export function describeRecurringContract(f: SchedulerFixture): void {
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
    const a = f.scheduler('a', { reconcileEveryMs: 500 });
    const b = f.scheduler('b', { reconcileEveryMs: 500 });
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
    expect(f.errors()).to.deep.equal([]);
  });

  it('lets another instance take the reconcile job within the lock lifetime when its runner is SIGKILLed', async () => {
    const survivorRuns: number[] = [];
    const survivor = f.scheduler('survivor', { reconcileEveryMs: 500 });
    await survivor.start(handlers({ onReconcile: async () => survivorRuns.push(Date.now()) }));
    const child = spawn(process.execPath, [fileURLToPath(new URL('./reconciling-instance.js', import.meta.url)), ...f.store().childArgs, '500', '4000'], {
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
    const [a, b] = [f.scheduler('a', { tuning }), f.scheduler('b', { tuning })];
    await a.every('slow-job', 60_000, slowly('a'));
    await b.every('slow-job', 60_000, slowly('b'));
    await Promise.all([a.start(handlers()), b.start(handlers())]);
    await sleep(5500);
    expect(overlapped).to.equal(false);
    expect(finished).to.have.length(1);
    expect(f.errors()).to.deep.equal([]);
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
    const a = f.scheduler('a');
    const b = f.scheduler('b', { tuning: { processEveryMs: 100 } });
    await a.every('long-job', 500, longRun('a'));
    await Promise.all([a.start(handlers()), b.start(handlers())]);
    await until(() => runsBy.length > 0, 5000);
    expect(runsBy, 'first run').to.deep.equal(['a']);
    await b.every('long-job', 500, longRun('b'));
    await until(() => overlapped || active === 0, 5000);
    expect(overlapped, `runs ${runsBy.join(',')}: a second run began while the first went on`).to.equal(false);
    expect(f.errors()).to.deep.equal([]);
  });

  it('runs a job registered with every() before or after start', async () => {
    const runs: string[] = [];
    const instance = f.scheduler('a');
    await instance.every('before-start', 500, async () => runs.push('before'));
    await instance.start(handlers());
    await instance.every('after-start', 500, async () => runs.push('after'));
    await sleep(2500);
    expect(runs).to.include('before').and.to.include('after');
  });
}
