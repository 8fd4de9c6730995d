// End to end across three service processes (the built main.js) sharing one PostgreSQL database
// and one Redis, with reference clients on each, on the real clock: every time boundary reaches
// every client once, in seq order, from exactly one instance; and after `kill -9` of an instance
// that had locked a pending boundary ahead of time, the survivors still publish it (the reconcile
// job, not the dead lock, catches it), nothing twice, and the dead instance's clients, moved to a
// survivor, hold the same cards as everyone else.
// Run twice: with Agenda's jobs in PostgreSQL (the default), and with AGENDA_MONGO_URL pointing
// the instances at the MongoDB-wire-compatible emulator (test/support/mongo-emulator.ts), which
// this test starts as its own process.

import { expect } from 'chai';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createConcert, REDIS_URL, spawnServiceProcess, uniquePrefix, type ServiceProcess } from '../support/service-harness.js';
import { mongoEmulatorBackend, postgresBackend, type AgendaJobsProbe, type JobBackend } from './job-backends.js';
import { eventually, LiveProbe, percentiles, sleep, type Received } from './live-probe.js';

const INSTANCE_NAMES = ['live-a', 'live-b', 'live-c'] as const;
const CLIENTS_PER_INSTANCE = 3;

interface Opening {
  readonly id: number;
  readonly openAt: number;
}

for (const backend of [postgresBackend, mongoEmulatorBackend()]) describeLiveCards(backend);

function describeLiveCards(backend: JobBackend): void {
  describe(`Live cards across three instances (separate processes, one PostgreSQL, one Redis; ${backend.name})`, function () {
    this.timeout(90_000);
    let database: TestDatabase;
    let db: pg.Client;
    let jobs: AgendaJobsProbe;
    const instances: ServiceProcess[] = [];
    const probes: LiveProbe[] = [];
    const startSeq = new Map<LiveProbe, number>();
    const killChildren = () => {
      for (const instance of instances) if (instance.child.exitCode === null && instance.child.signalCode === null) instance.kill('SIGKILL');
    };

    const addProbe = async (name: string, instance: ServiceProcess) => {
      const probe = new LiveProbe(name, instance.baseUrl);
      probes.push(probe);
      await probe.start();
      startSeq.set(probe, probe.client.seq());
      return probe;
    };
    const probesOf = (instance: ServiceProcess) => probes.filter((p) => p.baseUrl === instance.baseUrl);
    const latestSeq = async () => Number((await db.query<{ seq: string }>('select coalesce(max(seq), 0) as seq from live_event')).rows[0]!.seq);
    /** Seqs of OPEN transitions per concert as the database recorded them. */
    const openTransitionSeqs = async (ids: readonly number[]) => {
      const { rows } = await db.query<{ id: number; seq: string }>(
        `select (item->>'id')::int as id, e.seq from live_event e, jsonb_array_elements(e.items) item
         where e.reason = 'SALE_STATUS_TRANSITION' and item->>'saleStatus' = 'OPEN' and (item->>'id')::int = any($1)`,
        [ids],
      );
      const byId = new Map<number, number[]>(ids.map((id) => [id, []]));
      for (const row of rows) byId.get(row.id)!.push(Number(row.seq));
      return byId;
    };
    const createOpenings = async (tag: string, openAts: readonly number[]): Promise<Opening[]> =>
      Promise.all(
        openAts.map(async (openAt, i) => {
          const card = await createConcert(instances[i % instances.length]!.baseUrl, {
            title: `${tag} ${i + 1}`,
            artistName: `Band ${tag}`,
            totalSeatCount: 100,
            generalSaleStartAt: new Date(openAt).toISOString(),
          });
          return { id: card.id, openAt };
        }),
      );
    /**
     * Each seq on anyone's wire came from one instance only — except a row the killed instance had
     * emitted but not yet marked sent, which the reconcile job rightly sends again (at least once).
     */
    const expectOnePublisherPerSeq = (killed?: string) => {
      const publishers = new Map<number, Set<string>>();
      for (const p of probes) for (const { event } of p.raw) (publishers.get(event.seq) ?? publishers.set(event.seq, new Set()).get(event.seq)!).add(event.instanceId);
      const twice = [...publishers].filter(([, by]) => by.size > 1);
      const unexplained = twice.filter(([, by]) => !(killed && by.has(killed) && by.size === 2)).map(([seq, by]) => `${seq}: ${[...by].join('+')}`);
      expect(unexplained, 'seqs published by more than one instance').to.deep.equal([]);
      return { publishers, resentAfterKill: twice.length - unexplained.length };
    };
    const firstOpening = (p: LiveProbe, id: number): Received | undefined => p.openings(id, p.raw)[0];

    before(async function () {
      this.timeout(60_000);
      process.once('exit', killChildren);
      database = await createTestDatabase();
      db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const opened = await backend.open(db);
      jobs = opened.jobs;
      const env = {
        ...opened.env,
        DATABASE_URL: database.url,
        REDIS_URL,
        REDIS_KEY_PREFIX: uniquePrefix(),
        RECONCILE_EVERY_MS: '1000',
        HEARTBEAT_EVERY_MS: '2000',
      };
      // Concurrently, on an empty database: migrations and Agenda's schema are guarded at start-up.
      const startedAt = Date.now();
      const started = await Promise.allSettled(INSTANCE_NAMES.map((name) => spawnServiceProcess(name, env)));
      for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      console.log(`      3 instances started concurrently on an empty database, all ready in ${Date.now() - startedAt} ms`);
      for (const instance of instances) {
        for (let i = 1; i <= CLIENTS_PER_INSTANCE; i += 1) await addProbe(`${instance.name}#${i}`, instance);
      }
    });

    after(async function () {
      this.timeout(30_000);
      for (const p of probes) p.close();
      killChildren();
      await Promise.all(instances.map((i) => Promise.race([i.exited, sleep(5_000)])));
      process.removeListener('exit', killChildren);
      await jobs?.close().catch(() => undefined);
      await backend.close();
      await db?.end().catch(() => undefined);
      await database?.drop();
    });

    it('delivers each of 20 boundaries to every client on every instance exactly once, never moving back in the stream, from one instance', async () => {
      const t0 = Date.now();
      const openAts = Array.from({ length: 20 }, (_, i) => t0 + 3_000 + Math.round((i * 7_000) / 19));
      const openings = await createOpenings('Wave', openAts);
      const lastOpenAt = Math.max(...openAts);

      await eventually(
        'every client to hold every concert OPEN',
        () => probes.every((p) => openings.every((o) => p.client.cards().get(o.id)?.saleStatus === 'OPEN')),
        lastOpenAt - Date.now() + 5_000,
      );
      await sleep(2_000); // a reconcile round and a heartbeat: repeats or gaps would show now
      const headSeq = await latestSeq();

      const latencies: number[] = [];
      for (const p of probes) {
        for (const o of openings) {
          const seen = p.openings(o.id);
          expect(seen, `${p.name}: OPEN of concert ${o.id} after dedup`).to.have.length(1);
          expect(seen[0]!.receivedAt, `${p.name}: concert ${o.id} received before openAt`).to.be.at.least(o.openAt);
          latencies.push(seen[0]!.receivedAt - o.openAt);
        }
        expect(p.unexplainedGaps(startSeq.get(p)!, headSeq), `${p.name}: seqs neither received nor covered by a resync`).to.deep.equal([]);
        expect(p.appliedTwice(), `${p.name}: seqs applied twice`).to.deep.equal([]);
        expect(p.contiguousRegressions(), `${p.name}: contiguous seq went down`).to.deep.equal([]);
        expect(p.versionRegressions, `${p.name}: card versions that went backwards`).to.deep.equal([]);
        expect(p.client.seq(), `${p.name}: contiguous seq`).to.equal(headSeq);
      }

      const { publishers } = expectOnePublisherPerSeq();
      const recorded = await openTransitionSeqs(openings.map((o) => o.id));
      for (const o of openings) {
        expect(recorded.get(o.id), `OPEN transitions recorded for concert ${o.id}`).to.have.length(1);
        const onWire = new Set(probes.flatMap((p) => p.openings(o.id, p.raw).map((r) => r.event.seq)));
        expect([...onWire], `seqs carrying the OPEN of concert ${o.id}`).to.deep.equal(recorded.get(o.id));
      }

      const duplicates = probes.map((p) => p.rawDuplicates());
      const byInstance = new Map<string, number>();
      for (const [seq, by] of publishers) if (seq > Math.min(...startSeq.values())) for (const name of by) byInstance.set(name, (byInstance.get(name) ?? 0) + 1);
      const gaps = probes.map((p) => p.client.stats().gaps);
      const reordered = probes.map((p) => p.outOfOrder().length);
      console.log(
        `      3 instances x ${CLIENTS_PER_INSTANCE} clients, 20 boundaries: latency ms ${JSON.stringify(percentiles(latencies))}; raw duplicates ${duplicates.reduce((a, b) => a + b, 0)} (per client ${duplicates.join(',')}); arrivals below an already applied seq ${reordered.reduce((a, b) => a + b, 0)} (per client ${reordered.join(',')}); gaps seen ${gaps.reduce((a, b) => a + b, 0)}, resyncs ${probes.map((p) => p.client.stats().resyncs).reduce((a, b) => a + b, 0)}; events by instance ${JSON.stringify(Object.fromEntries(byInstance))}`,
      );
    });

    it('after kill -9 of an instance holding a pending boundary, survivors publish it once and every client ends with the same cards', async function () {
      this.timeout(60_000);
      const t0 = Date.now();
      // Eight staggered boundaries, then four concerts sharing the last instant (one Agenda job).
      const lastAt = t0 + 7_000;
      const openAts = [...Array.from({ length: 8 }, (_, i) => t0 + 3_000 + i * 450), lastAt, lastAt, lastAt, lastAt];
      const openings = await createOpenings('Crash', openAts);
      const seqBefore = await latestSeq();

      // A boundary job is stored 1.5 s before its instant and locked up to a scan (1 s) before that:
      // wait for the holder of the last instant's job and kill it while the boundary is still ahead.
      let holder: ServiceProcess | undefined;
      let lockedAheadMs = 0;
      await eventually(
        'an instance to lock the last boundary job before its instant',
        async () => {
          const holderName = await jobs.boundaryLockHolder(lastAt);
          holder = instances.find((i) => i.name === holderName);
          lockedAheadMs = lastAt - Date.now();
          return holder !== undefined;
        },
        lastAt - Date.now() - 200,
        10,
      );
      const victim = holder!;
      expect(lockedAheadMs, 'the holder is killed before the boundary').to.be.above(0);
      const heldAtKill = await jobs.lockedBy(victim.name);
      victim.kill('SIGKILL');
      await victim.exited;
      const killedAt = Date.now();
      const survivors = instances.filter((i) => i !== victim);

      // The reference client takes one base URL: the dead instance's clients are replaced by clients
      // on the survivors, which start from a snapshot (the resync a load balancer's reconnect causes).
      const orphans = probesOf(victim);
      await eventually('the dead instance\'s clients to notice', () => orphans.every((p) => !p.client.isConnected()), 5_000);
      for (const p of orphans) p.close();
      const stayers = probes.filter((p) => !orphans.includes(p) && p.baseUrl !== victim.baseUrl);
      const movers: LiveProbe[] = [];
      for (const [i, p] of orphans.entries()) movers.push(await addProbe(`${p.name}->${survivors[i % survivors.length]!.name}`, survivors[i % survivors.length]!));

      const everyone = [...stayers, ...movers];
      await eventually(
        'every live client to hold every concert OPEN',
        () => everyone.every((p) => openings.every((o) => p.client.cards().get(o.id)?.saleStatus === 'OPEN')),
        lastAt - Date.now() + 20_000,
      );
      const allOpenAt = Date.now();
      // Then let the dead instance's lock expire (lockLifetime 10 s) and a survivor run the job it
      // held: it must find nothing left to publish.
      await eventually(
        'the dead instance\'s boundary job to be run by a survivor',
        async () => !(await jobs.boundaryStored(lastAt)),
        25_000,
        200,
      );
      await sleep(1_500);
      const headSeq = await latestSeq();

      const lateness = new Map<number, number>();
      for (const o of openings) {
        const first = Math.min(...stayers.map((p) => firstOpening(p, o.id)?.receivedAt ?? Infinity));
        lateness.set(o.id, first - o.openAt);
      }
      for (const p of stayers) {
        for (const o of openings) {
          const seen = p.openings(o.id);
          expect(seen.length, `${p.name}: OPEN of concert ${o.id} after dedup`).to.be.at.most(1);
          if (seen.length === 0) expect(Math.max(0, ...p.resyncSeqs), `${p.name}: concert ${o.id} neither received nor resynced`).to.be.above(seqBefore);
        }
        expect(p.unexplainedGaps(startSeq.get(p)!, headSeq), `${p.name}: unexplained gaps`).to.deep.equal([]);
        expect(p.appliedTwice(), `${p.name}: seqs applied twice`).to.deep.equal([]);
        expect(p.contiguousRegressions(), `${p.name}: contiguous seq went down`).to.deep.equal([]);
        expect(p.versionRegressions, `${p.name}: versions that went backwards`).to.deep.equal([]);
        expect(p.client.seq(), `${p.name}: contiguous seq`).to.equal(headSeq);
      }
      const ids = (await db.query<{ id: string }>('select id from concert order by id')).rows.map((r) => Number(r.id));
      const reference = stayers[0]!.view(ids);
      expect(Object.keys(reference)).to.have.length(ids.length);
      for (const p of everyone) expect(p.view(ids), `${p.name}: cards`).to.deep.equal(reference);
      for (const p of movers) expect(p.client.seq(), `${p.name}: contiguous seq`).to.equal(headSeq);

      const { resentAfterKill } = expectOnePublisherPerSeq(victim.name);
      const recorded = await openTransitionSeqs(openings.map((o) => o.id));
      for (const o of openings) expect(recorded.get(o.id), `OPEN transitions recorded for concert ${o.id}`).to.have.length(1);
      for (const [id, late] of lateness) expect(late, `concert ${id}: OPEN lateness (ms)`).to.be.within(0, 8_000);

      const lastGroup = openings.filter((o) => o.openAt === lastAt).map((o) => lateness.get(o.id)!);
      const staggered = openings.filter((o) => o.openAt !== lastAt).map((o) => lateness.get(o.id)!);
      const duplicates = everyone.map((p) => p.rawDuplicates()).reduce((a, b) => a + b, 0);
      console.log(
        `      kill -9 ${victim.name} ${lockedAheadMs} ms before the last boundary (it held ${heldAtKill.join(', ')}); its boundary arrived ${Math.min(...lastGroup)}-${Math.max(...lastGroup)} ms late; other boundaries ${JSON.stringify(percentiles(staggered))} ms; all clients OPEN ${allOpenAt - killedAt} ms after the kill; raw duplicates ${duplicates}; seqs re-sent after the kill ${resentAfterKill}; resyncs ${everyone.map((p) => p.client.stats().resyncs).join(',')}`,
      );
    });
  });
}
