// Fault: PostgreSQL unreachable for 10 s while sales open. One real service process whose
// DATABASE_URL goes through a TCP proxy the test cuts. During the outage the API must answer 503
// with the error envelope (never 500), readiness must say DOWN and the process must stay up; once
// the database is back, readiness recovers by itself and every sale that opened in the dark is
// published exactly once, late.

import { expect } from 'chai';
import type { ErrorResponse } from '../../src/contract/wire.js';
import { eventually, LiveProbe, sleep } from '../live/live-probe.js';
import { adminHeaders, createConcert } from '../support/service-harness.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { isRunning, report, startCluster, tryFetch, type Cluster } from './ops-support.js';

const OUTAGE_MS = 10_000;

describe('Fault: PostgreSQL unreachable for 10 s while sales open', function () {
  this.timeout(90_000);
  let proxy: TcpProxy;
  let cluster: Cluster;
  let probe: LiveProbe | undefined;

  before(async () => {
    const target = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432');
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    cluster = await startCluster(1, (_, database) => ({ DATABASE_URL: throughProxy(database.url, proxy) }), 'pg-outage');
  });

  after(async () => {
    probe?.close();
    await proxy?.restore();
    await cluster?.stop();
    await proxy?.stop();
  });

  it('answers 503 with the envelope, reports not ready, then recovers and publishes each passed boundary once, late', async () => {
    const instance = cluster.instances[0]!;
    const base = instance.baseUrl;
    probe = await new LiveProbe('pg-outage', base).start();

    // Three sales open inside the outage window, one after it.
    const now = Date.now();
    const opensAt = [3_000, 5_000, 7_000, OUTAGE_MS + 4_000].map((offset) => now + offset);
    const concerts = [];
    for (const [i, openAt] of opensAt.entries()) {
      concerts.push(await createConcert(base, { title: `Dark opening ${i}`, artistName: 'Outage', totalSeatCount: 50, generalSaleStartAt: new Date(openAt).toISOString() }));
    }
    const [first] = concerts as [{ id: number }];

    const cutAt = Date.now();
    await proxy.cut();

    // Readiness is polled through the whole outage and the recovery.
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const answer = await tryFetch(`${base}/health/ready`, {}, 3_000);
        readiness.push({ at: Date.now(), status: answer.status });
        await sleep(100);
      }
    })();

    await sleep(3_500); // the first sale has opened, in the dark
    const calls = {
      card: await tryFetch(`${base}/api/concerts/${first.id}/card`),
      search: await tryFetch(`${base}/api/concerts/search?keyword=Dark`),
      reserve: await tryFetch(`${base}/api/concerts/${first.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' }),
      admin: await tryFetch(`${base}/api/admin/concerts`, { method: 'POST', headers: adminHeaders(), body: JSON.stringify({ title: 'x', artistName: 'y', totalSeatCount: 1 }) }),
    };
    for (const [name, answer] of Object.entries(calls)) {
      expect(answer.status, `${name} during the outage: ${answer.body}`).to.equal(503);
      expect(answer.contentType, `${name} content type`).to.match(/^application\/json/);
      const envelope = JSON.parse(answer.body) as ErrorResponse;
      expect(envelope.error.code, name).to.equal('UNAVAILABLE');
      expect(answer.body, `${name} leaks no stack`).not.to.match(/\bat .*\.js:\d+/);
    }
    const live = await tryFetch(`${base}/health/live`);
    expect(live.status, '/health/live during the outage').to.equal(200);
    const ready = await tryFetch(`${base}/health/ready`);
    expect(ready.status, '/health/ready during the outage').to.equal(503);
    expect(JSON.parse(ready.body)).to.deep.include({ status: 'DOWN' });
    expect(JSON.parse(ready.body).checks).to.include({ database: false });

    await sleep(cutAt + OUTAGE_MS - Date.now());
    expect(isRunning(instance), `process alive after the outage:\n${instance.output()}`).to.equal(true);
    const restoredAt = Date.now();
    await proxy.restore();

    await eventually('readiness back to 200', () => readiness.some((r) => r.at > restoredAt && r.status === 200), 20_000);
    const readyAgainAt = readiness.find((r) => r.at > restoredAt && r.status === 200)!.at;
    const darkOnes = concerts.slice(0, 3);
    await eventually('every sale opened in the dark published', () => darkOnes.every((c) => probe!.openings(c.id).length > 0), 20_000);
    const afterwards = concerts[3]!;
    await eventually('the sale opening after the outage published', () => probe!.openings(afterwards.id).length > 0, 15_000);
    await sleep(1_500); // room for a repeat to show up
    polling = false;
    await poller;

    const lateMs: number[] = [];
    for (const [i, concert] of darkOnes.entries()) {
      const onWire = probe.openings(concert.id, probe.raw);
      expect(new Set(onWire.map((r) => r.event.seq)).size, `distinct OPEN publications of concert ${concert.id}`).to.equal(1);
      expect(probe.openings(concert.id), `applied OPEN events of concert ${concert.id}`).to.have.length(1);
      const received = probe.openings(concert.id)[0]!;
      expect(received.receivedAt, 'published only after the database came back').to.be.at.least(restoredAt);
      lateMs.push(received.receivedAt - opensAt[i]!);
    }
    const onTime = probe.openings(afterwards.id)[0]!.receivedAt - opensAt[3]!;
    expect(onTime, 'a boundary after recovery is on time again (ms)').to.be.below(1_500);
    expect(probe.versionRegressions).to.deep.equal([]);
    expect(probe.outOfOrder()).to.deep.equal([]);
    const notReady = readiness.filter((r) => r.at > cutAt + 2_500 && r.at < restoredAt);
    expect(notReady.length, 'readiness samples during the outage').to.be.above(0);
    expect(notReady.every((r) => r.status === 503), 'readiness 503 through the outage').to.equal(true);
    expect(isRunning(instance)).to.equal(true);

    const firstPublished = Math.min(...darkOnes.map((c) => probe!.openings(c.id)[0]!.receivedAt));
    report('postgres outage 10 s', {
      readinessRecoveredMs: readyAgainAt - restoredAt,
      firstLatePublicationAfterRestoreMs: firstPublished - restoredAt,
      latePublicationDelayMinMs: Math.min(...lateMs),
      latePublicationDelayMaxMs: Math.max(...lateMs),
      nextBoundaryLagMs: onTime,
      apiAnswerDuringOutageMs: Math.max(...Object.values(calls).map((c) => c.ms)),
    });
  });
});
