// The client catches up by replay (CONTRACT.md "Socket.IO", cards:watch with afterSeq and epoch):
// after its connection drops, and after the server closes it as a slow consumer (4008), it comes
// back and is sent what it missed, with no snapshot read; a position the server cannot serve
// (another epoch) makes it read the snapshot and go on live.

import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import type { SearchResponse } from '../../src/contract/wire.js';
import { LiveCardsClient } from '../../packages/live-cards-client/src/live-cards-client.js';
import type { SocketFactory } from '../../packages/live-cards-client/src/live-connection.js';
import { startLiveSession } from '../../packages/live-cards-client/src/live-session.js';
import type { ModeDriver } from '../../packages/live-cards-client/src/mode-driver.js';
import { adminHeaders, createConcert, startTestService, type InProcessService } from '../support/service-harness.js';
import { eventually, startGateway } from '../realtime/gateway-harness.js';
import { aCard, aLiveEvent } from '../realtime/live-event-builder.js';

const SMALL_POOLS = { DATABASE_POOL_SIZE: '3', AGENDA_POOL_SIZE: '3' };

/** A socket factory that hands the test each socket it made. */
function capturing(): { factory: SocketFactory; sockets: Socket[] } {
  const sockets: Socket[] = [];
  return { sockets, factory: (url, options) => sockets[sockets.push(io(url, options)) - 1] as ReturnType<SocketFactory> };
}

/** A fetch that counts snapshot reads and may rewrite the first snapshot. */
function countingFetch(rewriteFirst?: (snapshot: SearchResponse) => SearchResponse) {
  const searches: string[] = [];
  const impl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!String(input).includes('/api/concerts/search')) return response;
    searches.push(String(input));
    if (!rewriteFirst || searches.length > 1) return response;
    return new Response(JSON.stringify(rewriteFirst((await response.json()) as SearchResponse)), { status: response.status, headers: response.headers });
  };
  return { impl, searches };
}

describe('client package: replay on reconnect', function () {
  this.timeout(60_000);

  describe('against a real service instance', () => {
    let service: InProcessService;
    const clients: LiveCardsClient[] = [];
    const drivers: ModeDriver[] = [];
    before(async () => {
      service = await startTestService({ env: SMALL_POOLS });
    });
    after(async () => {
      await service?.stop();
    });
    afterEach(() => {
      for (const driver of drivers.splice(0)) driver.stop();
      for (const client of clients.splice(0)) client.close();
    });
    const seats = (id: number, totalSeatCount: number) =>
      fetch(`${service.baseUrl}/api/admin/concerts/${id}`, { method: 'PUT', headers: adminHeaders(), body: JSON.stringify({ totalSeatCount }) }).then((r) => expect(r.status).to.equal(200));

    it('after the connection drops, reconnects and is replayed what it missed, with no snapshot read', async () => {
      const a = await createConcert(service.baseUrl, { title: 'Replay A', artistName: 'Ana', totalSeatCount: 10 });
      const b = await createConcert(service.baseUrl, { title: 'Replay B', artistName: 'Ben', totalSeatCount: 10 });
      const { factory, sockets } = capturing();
      const fetched = countingFetch();
      const client = new LiveCardsClient({ baseUrl: service.baseUrl, io: factory, fetch: fetched.impl });
      clients.push(client);
      await client.start();
      const before = client.stats();
      const connections: boolean[] = [];
      client.on('connection', (state) => connections.push(state.connected));

      // The transport goes (as a dropped network or a slow-consumer close does); changes are committed meanwhile.
      sockets[0]!.io.engine.close();
      await seats(a.id, 11);
      await seats(b.id, 12);
      await seats(a.id, 13);
      await eventually(() => client.stats().replays > before.replays && client.cards().get(a.id)?.totalSeatCount === 13, 15_000);
      expect(connections.slice(0, 2)).to.deep.equal([false, true]);
      expect(client.cards().get(b.id)?.totalSeatCount).to.equal(12);
      expect(client.stats().replayedEvents - before.replayedEvents, 'the three changes, replayed').to.be.at.least(3);
      expect(client.stats()).to.include({ resyncs: 0, resyncsRequired: 0 });
      expect(fetched.searches, 'the first snapshot only').to.have.length(1);
    });

    it('reads the snapshot when the server cannot replay its position (another epoch), then goes on live', async () => {
      const a = await createConcert(service.baseUrl, { title: 'Epoch A', artistName: 'Cy', totalSeatCount: 10 });
      const fetched = countingFetch((snapshot) => ({ ...snapshot, epoch: 'a-history-this-server-never-had' }));
      const client = new LiveCardsClient({ baseUrl: service.baseUrl, fetch: fetched.impl, manualSocket: true });
      clients.push(client);
      drivers.push(await startLiveSession(client));
      await eventually(() => client.stats().resyncsRequired === 1 && client.stats().resyncs >= 1, 10_000);
      expect(fetched.searches.length).to.be.at.least(2);
      await seats(a.id, 21);
      await eventually(() => client.cards().get(a.id)?.totalSeatCount === 21, 10_000);
      expect(client.stats().resyncsRequired).to.equal(1);
    });
  });

  it('after a slow-consumer close (4008), reconnects and replays what it missed, with no snapshot read', async () => {
    let closes = 0;
    let answer: () => Promise<SearchResponse> = () => Promise.reject(new Error('not ready'));
    const g = await startGateway(
      { maxBufferedBytes: 64 * 1024, slowConsumerCheckMs: 50, observer: { slowConsumer: () => (closes += 1) } },
      { onRequest: (_request, response) => void answer().then((body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))) },
    );
    answer = async () => {
      const { seq, epoch } = await g.storage.stores.outbox.position();
      const now = Date.now();
      return { items: [], page: 0, size: 20, totalElements: 0, totalPages: 0, hasNext: false, serverNow: new Date(now).toISOString(), serverNowEpochMs: now, realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000, seq, epoch, protocolVersion: 1 };
    };
    const items = Array.from({ length: 200 }, (_, i) => aCard({ id: i + 1, version: 1, nextChange: null, title: `Concert ${i} ${'x'.repeat(400)}` }));
    let version = 0;
    /** Commits a change of every card (about 130 KB on the wire) and publishes it; returns its seq. */
    const change = async () => {
      version += 1;
      const recorded = await g.storage.transactions.run((stores) =>
        stores.outbox.append({ reason: 'INVENTORY_CHANGED', items: items.map((card) => ({ ...card, version })), removedIds: [], boundaryAt: null, catalogue: null }, Date.now()),
      );
      await g.publish(aLiveEvent({ ...recorded, settings: { mode: 'websocket', hybridPollIntervalMillis: 30_000 }, serverNowEpochMs: Date.now() }));
      return recorded.seq;
    };
    const { factory, sockets } = capturing();
    const client = new LiveCardsClient({ baseUrl: g.url, io: factory });
    try {
      await client.start();
      // The client stops reading its socket: what the server sends it piles up until the bound closes it.
      const tcp = (sockets[0]!.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
      tcp.pause();
      for (let i = 0; i < 120 && closes === 0; i += 1) {
        await change();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await eventually(() => closes === 1, 10_000);
      // Committed after the close: this socket is never sent them.
      let last = 0;
      for (let i = 0; i < 3; i += 1) last = await change();
      tcp.resume();
      await eventually(() => client.stats().replays >= 1 && client.seq() === last, 15_000);
      expect(client.stats().replayedEvents, 'at least the three after the close').to.be.at.least(3);
      expect(client.cards().get(1)?.version).to.equal(version);
      expect(client.stats()).to.include({ resyncs: 0, resyncsRequired: 0 });
    } finally {
      client.close();
      await g.stop();
    }
  });
});
