// Fault: Redis unreachable for 10 s under three instances. Each instance's REDIS_URL goes through one
// TCP proxy the test cuts. Each instance must keep serving its own sockets (heartbeats, time:sync);
// changes committed during the outage (a sale opening, seat sales, an admin edit) must reach every
// reference client during the outage, in order and once — each instance's relay reads what Redis
// could not bring from the outbox — so no client sees a gap or re-reads its snapshot; once Redis is
// back the unsent outbox rows go out, the relays drop them as known, and the stream flows between
// instances again.

import { expect } from 'chai';
import type { TimeSyncAck } from '../../src/contract/wire.js';
import { eventually, LiveProbe, sleep } from '../live/live-probe.js';
import { adminHeaders, createConcert, REDIS_URL } from '../support/service-harness.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { connected, isRunning, metricValue, rawClient, report, scrape, snapshotSeq, startCluster, tryFetch, type Cluster, type RawClient } from './ops-support.js';

const OUTAGE_MS = 10_000;

describe('Fault: Redis unreachable for 10 s under three instances', function () {
  this.timeout(120_000);
  let proxy: TcpProxy;
  let cluster: Cluster;
  const probes: LiveProbe[] = [];
  const raws: RawClient[] = [];

  before(async () => {
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    cluster = await startCluster(3, () => ({ REDIS_URL: throughProxy(REDIS_URL, proxy) }), 'redis-outage');
  });

  after(async () => {
    for (const p of probes) p.close();
    for (const r of raws) r.socket.disconnect();
    await proxy?.restore();
    await cluster?.stop();
    await proxy?.stop();
  });

  it('keeps every instance serving its sockets, then brings every client every change once', async () => {
    const bases = cluster.instances.map((i) => i.baseUrl);
    const [a, b, c] = bases as [string, string, string];
    const opened = await createConcert(a, { title: 'Open already', artistName: 'Seats', totalSeatCount: 100, generalSaleStartAt: new Date(Date.now() - 60_000).toISOString() });
    const edited = await createConcert(b, { title: 'To be renamed', artistName: 'Admin', totalSeatCount: 10 });
    const openAt = Date.now() + 5_000;
    const opening = await createConcert(c, { title: 'Opens in the outage', artistName: 'Clock', totalSeatCount: 10, generalSaleStartAt: new Date(openAt).toISOString() });
    await sleep(1_000); // creation events settle

    for (const [i, base] of bases.entries()) {
      probes.push(await new LiveProbe(`probe-${i}`, base).start());
      const raw = rawClient(base);
      await connected(raw.socket);
      raws.push(raw);
    }
    const seqBefore = await snapshotSeq(a);
    await eventually('probes at the current seq', () => probes.every((p) => p.client.seq() >= seqBefore), 5_000);

    const cutAt = Date.now();
    await proxy.cut();
    await sleep(1_500);

    // Changes committed on different instances while Redis is away.
    for (let i = 0; i < 5; i += 1) {
      const answer = await tryFetch(`${bases[i % 3]}/api/concerts/${opened.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":2}' });
      expect(answer.status, `reservation during the outage: ${answer.body}`).to.equal(201);
    }
    const renamed = await tryFetch(`${b}/api/admin/concerts/${edited.id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ title: 'Renamed in the dark' }) });
    expect(renamed.status, renamed.body).to.equal(200);

    const heartbeatsAtCut = raws.map((r) => r.heartbeats.length);
    const ready = await tryFetch(`${a}/health/ready`);
    expect(ready.status, '/health/ready without Redis').to.equal(503);
    expect(JSON.parse(ready.body).checks).to.include({ redis: false, database: true });
    await sleep(Math.max(0, openAt + 1_500 - Date.now()));

    // Still serving its own sockets: connected, beating, answering time:sync.
    for (const [i, raw] of raws.entries()) {
      expect(raw.socket.connected, `raw client on instance ${i} still connected`).to.equal(true);
      const ack = (await raw.socket.timeout(2_000).emitWithAck('time:sync', Date.now())) as TimeSyncAck;
      expect(ack.serverNowEpochMs).to.be.a('number');
    }
    await sleep(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
    for (const [i, raw] of raws.entries()) {
      expect(raw.heartbeats.length, `heartbeats on instance ${i} during the outage`).to.be.above(heartbeatsAtCut[i]!);
    }
    const committedInOutage = await snapshotSeq(a);
    expect(committedInOutage, 'changes were committed during the outage').to.be.above(seqBefore);
    const seenInOutage = probes.map((p) => p.client.seq());
    expect(seenInOutage, 'every client had every change before Redis came back').to.deep.equal(probes.map(() => committedInOutage));
    for (const [i, raw] of raws.entries()) {
      expect(raw.refreshes.some((e) => e.reason === 'SALE_STATUS_TRANSITION' && e.items.some((card) => card.id === opening.id)), `raw socket on instance ${i}: the opening during the outage`).to.equal(true);
    }

    const restoredAt = Date.now();
    await proxy.restore();

    const truth = async () => {
      const ids = [opened.id, edited.id, opening.id];
      const view: Record<number, string> = {};
      for (const id of ids) {
        const card = JSON.parse((await tryFetch(`${a}/api/concerts/${id}/card`)).body).card;
        view[id] = `${card.saleStatus}/v${card.version}/${card.availableSeatCount}`;
      }
      return view;
    };
    await eventually('every instance ready again', async () => (await Promise.all(bases.map((base) => tryFetch(`${base}/health/ready`)))).every((r) => r.status === 200), 20_000, 100);
    const readyAt = Date.now();
    await eventually('outbox drained on every instance', async () => (await Promise.all(bases.map(async (base) => metricValue(await scrape(base), 'live_outbox_backlog')))).every((n) => n === 0), 20_000, 200);
    const drainedAt = Date.now();
    const expected = await truth();
    await eventually('every client holds the database view', () => probes.every((p) => JSON.stringify(p.view(Object.keys(expected).map(Number))) === JSON.stringify(expected)), 10_000);
    // Sockets without a snapshot to fall back on learn of what they missed from the next heartbeat.
    const head = await snapshotSeq(a);
    await eventually('a heartbeat at the head on every raw socket', () => raws.every((r) => r.heartbeats.some((beat) => beat.seq >= head)), 5_000);
    const headSeenAt = Date.now();
    // And the stream flows between instances again: a change made now reaches every raw socket live.
    const after = await tryFetch(`${c}/api/admin/concerts/${edited.id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ title: 'Renamed after the outage' }) });
    expect(after.status, after.body).to.equal(200);
    await eventually('the post-outage change on every raw socket', () => raws.every((r) => r.refreshes.some((e) => e.items.some((card) => card.title === 'Renamed after the outage'))), 5_000);
    await sleep(1_500);

    const finalSeq = await snapshotSeq(a);
    const openingOn = (raw: RawClient) => raw.refreshes.filter((e) => e.reason === 'SALE_STATUS_TRANSITION' && e.items.some((card) => card.id === opening.id));
    for (const [i, raw] of raws.entries()) expect(openingOn(raw), `raw socket on instance ${i}: copies of the opening`).to.have.length(1);
    for (const p of probes) {
      const appliedSeqs = p.applied.map((r) => r.event.seq);
      expect(new Set(appliedSeqs).size, `${p.name}: no seq applied twice`).to.equal(appliedSeqs.length);
      expect(p.unexplainedGaps(seqBefore, finalSeq), `${p.name}: seqs neither applied nor covered by a snapshot`).to.deep.equal([]);
      expect(p.outOfOrder(), `${p.name}: applied out of order`).to.deep.equal([]);
      expect(p.versionRegressions, `${p.name}: versions went backwards`).to.deep.equal([]);
      expect(p.rawDuplicates(), `${p.name}: copies of a change on the wire`).to.equal(0);
      expect(p.client.stats().gaps, `${p.name}: gaps seen`).to.equal(0);
      expect(p.client.stats().resyncs, `${p.name}: snapshots re-read`).to.equal(0);
    }
    expect(cluster.instances.every(isRunning)).to.equal(true);

    report('redis outage 10 s, 3 instances', {
      changesCommittedInOutage: committedInOutage - seqBefore,
      readyAfterRestoreMs: readyAt - restoredAt,
      outboxDrainedAfterRestoreMs: drainedAt - restoredAt,
      headInEveryHeartbeatAfterRestoreMs: headSeenAt - restoredAt,
      openingLateOnTheWireMs: raws.map((r) => openingOn(r)[0]!.serverNowEpochMs - openAt).join('/'),
      catalogueNoticesPerClient: probes.map((p) => p.notices.length).join('/'),
    });
  });
});
