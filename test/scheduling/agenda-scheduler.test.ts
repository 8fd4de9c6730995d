// The Agenda scheduling adapter against a real PostgreSQL and real Agenda instances (two or three
// per test, standing in for service instances sharing one database). Real clock, short offsets.

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createAgendaScheduler, type AgendaScheduler, type AgendaSchedulerOptions, type SchedulerHandlers } from '../../src/adapters/scheduling/agenda-scheduler.js';
import { SchedulerStartFailed } from '../../src/adapters/scheduling/scheduler-errors.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Agenda scheduling adapter', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let started: { stop(): Promise<void> }[] = [];
  let errors: { error: unknown; context: string }[] = [];

  type TestScheduler = Omit<AgendaScheduler, 'start'> & { start(): Promise<void> };
  function scheduler(instanceId: string, overrides: Partial<AgendaSchedulerOptions & SchedulerHandlers> = {}): TestScheduler {
    const { onBoundary = async () => {}, onReconcile = async () => {}, ...options } = overrides;
    const created = createAgendaScheduler({
      databaseUrl: database.url,
      instanceId,
      reconcileEveryMs: 60_000,
      clock: { now: () => Date.now() },
      onError: (error, context) => errors.push({ error, context }),
      ...options,
    });
    const test = { ...created, start: () => created.start({ onBoundary, onReconcile }) };
    started.push(test);
    return test;
  }

  async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  beforeEach(async () => {
    database = await createTestDatabase();
    started = [];
    errors = [];
  });

  afterEach(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await database.drop();
  });

  it('starts three instances at once on a fresh database without a schema collision', async () => {
    const instances = ['a', 'b', 'c'].map((id) => scheduler(id));
    await Promise.all(instances.map((s) => s.start()));
    expect(instances.map((s) => s.isRunning())).to.deep.equal([true, true, true]);
    expect(errors).to.deep.equal([]);
    const indexes = await query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'agenda_jobs' AND indexname LIKE '%card_boundary_unique_idx'`);
    expect(indexes).to.have.length(1);
  });

  it('rejects start() with SchedulerStartFailed when the database is unreachable, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const unreachable = scheduler('lonely', { databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' });
      const failure = await unreachable.start().then(
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
    const instance = scheduler('a', { onBoundary: async (at) => calls.push({ at, lateMs: Date.now() - at }) });
    await instance.start();
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
    const [a, b] = [scheduler('a', { onBoundary }), scheduler('b', { onBoundary })];
    await Promise.all([a.start(), b.start()]);
    const at = Date.now() + 1500;
    await Promise.all([a, b, a, b, a, b].map((s) => s.scheduler.wakeAt(at)));
    const rows = await query(`SELECT id FROM agenda_jobs WHERE name = 'card-boundary' AND data->>'at' = $1`, [String(at)]);
    expect(rows).to.have.length(1);
    await sleep(2500);
    expect(runs).to.equal(1);
    expect(errors).to.deep.equal([]);
  });

  it('serves many concerts sharing one instant with a single job', async () => {
    const ats: number[] = [];
    const instance = scheduler('a', { onBoundary: async (at) => ats.push(at) });
    await instance.start();
    const at = Date.now() + 1200;
    await Promise.all(Array.from({ length: 200 }, () => instance.scheduler.wakeAt(at)));
    await sleep(2000);
    expect(ats).to.deep.equal([at]);
  });

  it('fails the job and reports the error when the handler throws', async () => {
    const broken = new Error('publication failed');
    const runs: boolean[] = [];
    const instance = scheduler('a', {
      onBoundary: async () => {
        throw broken;
      },
      onJobRun: (name, ok) => {
        if (name === 'card-boundary') runs.push(ok);
      },
    });
    await instance.start();
    const at = Date.now() + 1200;
    await instance.scheduler.wakeAt(at);
    await sleep(2000);
    expect(errors.map((e) => e.error)).to.deep.equal([broken]);
    expect(runs).to.deep.equal([false]);
    const rows = await query<{ fail_reason: string }>(`SELECT fail_reason FROM agenda_jobs WHERE name = 'card-boundary'`);
    expect(rows.map((r) => r.fail_reason)).to.deep.equal(['publication failed']);
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
    const a = scheduler('a', { reconcileEveryMs: 500, onReconcile: reconcilingAs('a') });
    const b = scheduler('b', { reconcileEveryMs: 500, onReconcile: reconcilingAs('b') });
    await Promise.all([a.start(), b.start()]);
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
    while (takeoverRuns() < 1 && Date.now() - stoppedAt < 5000) await sleep(10);
    const firstTakeoverMs = Date.now() - stoppedAt;
    while (takeoverRuns() < 2 && Date.now() - stoppedAt < 5000) await sleep(10);
    expect(takeoverRuns(), 'runs by the remaining instance').to.be.at.least(2);
    expect(runsBy.slice(before)).to.not.include(lastRunner);
    console.log(`      takeover after a graceful stop: first run by the remaining instance ${firstTakeoverMs} ms after stop()`);
    expect(errors).to.deep.equal([]);
  });

  it('lets another instance take the reconcile job within the lock lifetime when its runner is SIGKILLed', async () => {
    const survivorRuns: number[] = [];
    const survivor = scheduler('survivor', { reconcileEveryMs: 500, onReconcile: async () => survivorRuns.push(Date.now()) });
    await survivor.start();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./reconciling-instance.js', import.meta.url)), database.url, '500', '4000'], {
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
    while (!survivorRuns.some((at) => at > killedAt) && Date.now() - killedAt < 20_000) await sleep(50);
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
    await Promise.all([a.start(), b.start()]);
    await sleep(5500);
    expect(overlapped).to.equal(false);
    expect(finished).to.have.length(1);
    expect(errors).to.deep.equal([]);
  });

  it('runs a job registered with every() before or after start', async () => {
    const runs: string[] = [];
    const instance = scheduler('a');
    await instance.every('before-start', 500, async () => runs.push('before'));
    await instance.start();
    await instance.every('after-start', 500, async () => runs.push('after'));
    await sleep(2500);
    expect(runs).to.include('before').and.to.include('after');
  });
});
