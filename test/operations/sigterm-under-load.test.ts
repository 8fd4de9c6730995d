// Fault: SIGTERM of one of three instances while 500 Socket.IO clients listen and writes keep
// committing changes (some of them sent to the instance being stopped). The stopped process must
// exit 0 within its shutdown bound; its clients are sent away and land on the survivors (raw
// socket.io clients that, on disconnect, connect to a survivor and read the snapshot's seq, as the
// reference client does); no committed event may be lost: every seq reaches every client, or is
// covered by the snapshot it read on arrival.

import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import type { RefreshEvent } from '../../src/contract/wire.js';
import { eventually, sleep } from '../live/live-probe.js';
import { adminHeaders, createConcert, REDIS_URL } from '../support/service-harness.js';
import { metricValue, report, scrape, snapshotSeq, startCluster, tryFetch, type Cluster } from './ops-support.js';

const CLIENTS = 500;

class MovingClient {
  socket: Socket | null = null;
  readonly seqs = new Set<number>();
  /** Snapshot seqs read on (re)arrival: everything up to them is covered. */
  readonly coveredUpTo: number[] = [];
  raw = 0;
  moves = 0;
  movedAfterMs = 0;
  instance = -1;

  constructor(
    readonly index: number,
    private readonly pick: (client: MovingClient) => { index: number; baseUrl: string } | null,
  ) {}

  async connect(startedAt = Date.now()): Promise<void> {
    const target = this.pick(this);
    if (!target) return;
    this.instance = target.index;
    const socket = io(`${target.baseUrl}/concerts`, { transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket = socket;
    socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => {
      this.raw += 1;
      this.seqs.add(event.seq);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.once('disconnect', () => {
      if (this.socket !== socket) return;
      this.moves += 1;
      const lostAt = Date.now();
      void this.connect(lostAt).then(() => (this.movedAfterMs = Math.max(this.movedAfterMs, Date.now() - lostAt)));
    });
    if (this.moves > 0 || this.coveredUpTo.length > 0) this.coveredUpTo.push(await snapshotSeq(target.baseUrl));
    this.movedAfterMs = Math.max(this.movedAfterMs, Date.now() - startedAt);
  }

  missing(fromSeq: number, toSeq: number): number[] {
    const covered = Math.max(fromSeq, ...this.coveredUpTo);
    const out: number[] = [];
    for (let seq = fromSeq + 1; seq <= toSeq; seq += 1) if (!this.seqs.has(seq) && seq > covered) out.push(seq);
    return out;
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.disconnect();
  }
}

describe('Fault: SIGTERM of one of three instances under 500 clients', function () {
  this.timeout(120_000);
  let cluster: Cluster;
  const clients: MovingClient[] = [];

  before(async () => {
    cluster = await startCluster(3, () => ({ REDIS_URL, SHUTDOWN_TIMEOUT_MS: '10000' }), 'sigterm');
  });

  after(async () => {
    for (const client of clients) client.close();
    await cluster?.stop();
  });

  it('exits 0, moves its clients to the survivors and loses no event', async () => {
    const instances = cluster.instances;
    const victim = instances[2]!;
    const alive = new Set([0, 1, 2]);
    const pick = (client: MovingClient) => {
      const order = [client.index % 3, (client.index + 1) % 3, (client.index + 2) % 3];
      const index = order.find((i) => alive.has(i) && (client.moves === 0 || i !== client.instance));
      return index === undefined ? null : { index, baseUrl: instances[index]!.baseUrl };
    };
    const seats = await createConcert(instances[0]!.baseUrl, { title: 'Rush', artistName: 'Load', totalSeatCount: 5_000, generalSaleStartAt: new Date(Date.now() - 60_000).toISOString() });
    const renamed = await createConcert(instances[1]!.baseUrl, { title: 'Rename me', artistName: 'Load', totalSeatCount: 10 });

    for (let i = 0; i < CLIENTS; i += 1) clients.push(new MovingClient(i, pick));
    for (let i = 0; i < CLIENTS; i += 50) await Promise.all(clients.slice(i, i + 50).map((client) => client.connect()));
    await eventually('500 sockets connected', async () => {
      const counts = await Promise.all(instances.map(async (instance) => metricValue(await scrape(instance.baseUrl), 'realtime_connected_sockets')));
      return counts.reduce((a, b) => a + b, 0) === CLIENTS;
    }, 10_000, 100);
    const startSeq = await snapshotSeq(instances[0]!.baseUrl);
    for (const client of clients) client.coveredUpTo.push(startSeq);

    // Writes through the survivors, ~20 changes a second, until told to stop.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let n = 0; writing; n += 1) {
        const base = instances[n % 2]!.baseUrl;
        const answer =
          n % 2 === 0
            ? await tryFetch(`${base}/api/admin/concerts/${renamed.id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ title: `Rename ${n}` }) })
            : await tryFetch(`${base}/api/concerts/${seats.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' });
        if (answer.status >= 200 && answer.status < 300) written += 1;
        await sleep(50);
      }
    })();
    await sleep(2_000);

    // SIGTERM, with requests in flight on the victim.
    const burst = Array.from({ length: 10 }, () => tryFetch(`${victim.baseUrl}/api/concerts/${seats.id}/reservations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":1}' }));
    const termAt = Date.now();
    victim.kill('SIGTERM');
    const burstAnswers = await Promise.all(burst);
    const exitCode = await victim.exited;
    const exitedAt = Date.now();
    alive.delete(2);
    expect(exitCode, `exit code after SIGTERM:\n${victim.output()}`).to.equal(0);
    expect(burstAnswers.every((a) => a.status === 0 || a.status === 201 || a.status === 503), `in-flight answers: ${burstAnswers.map((a) => a.status)}`).to.equal(true);

    await sleep(3_000);
    writing = false;
    await writer;

    await eventually('every client on a survivor', () => clients.every((c) => c.socket?.connected && c.instance !== 2), 15_000, 100);
    await eventually('outbox drained', async () => (await Promise.all(instances.slice(0, 2).map(async (i) => metricValue(await scrape(i.baseUrl), 'live_outbox_backlog')))).every((n) => n === 0), 15_000, 200);
    await sleep(1_500);
    const finalSeq = await snapshotSeq(instances[0]!.baseUrl);
    const counts = await Promise.all(instances.slice(0, 2).map(async (instance) => metricValue(await scrape(instance.baseUrl), 'realtime_connected_sockets')));
    expect(counts.reduce((a, b) => a + b, 0), 'sockets on the survivors').to.equal(CLIENTS);

    const moved = clients.filter((c) => c.moves > 0);
    expect(moved.length, 'clients that moved').to.equal(clients.filter((c) => c.index % 3 === 2).length);
    const withGaps = clients.map((c) => ({ c, missing: c.missing(startSeq, finalSeq) })).filter((x) => x.missing.length > 0);
    expect(withGaps.map((x) => `client ${x.c.index} (moved ${x.c.moves}) misses ${x.missing.join(',')}`).slice(0, 5), 'events neither received nor covered by a snapshot').to.deep.equal([]);
    const stayed = clients.filter((c) => c.moves === 0);
    for (const client of stayed) expect(client.missing(startSeq, finalSeq), `client ${client.index} kept every event`).to.deep.equal([]);
    // The check above means something only if events flowed: the writer runs ~20 writes a second.
    expect(written, 'writes accepted by the survivors').to.be.at.least(20);
    expect(finalSeq - startSeq, 'events committed during the run').to.be.at.least(10);

    report('SIGTERM under 500 clients, 3 instances', {
      shutdownMs: exitedAt - termAt,
      exitCode: String(exitCode),
      clientsMoved: moved.length,
      slowestMoveMs: Math.max(...moved.map((c) => c.movedAfterMs)),
      eventsCommitted: finalSeq - startSeq,
      inFlightOnVictim: burstAnswers.map((a) => a.status).join('/'),
      duplicateDeliveries: clients.reduce((n, c) => n + c.raw - c.seqs.size, 0),
    });
  });
});
