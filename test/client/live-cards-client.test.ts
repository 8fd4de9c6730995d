import { expect } from 'chai';
import type { CardJson, RealtimeSettingsJson, RefreshEvent, SearchResponse } from '../../src/contract/wire.js';
import { LiveCardsClient, type LiveCardsClientOptions } from '../../packages/live-cards-client/src/live-cards-client.js';
import { eventually, sleep, startGateway, type RunningGateway } from '../realtime/gateway-harness.js';
import { aCard } from '../realtime/live-event-builder.js';
import { FAKE_EPOCH, startFakeLiveServer, type FakeLiveServer } from './fake-live-server.js';

// No announcement unless a test gives one: the mother's card announces a change long past, which a client would apply.
const card = (id: number, version: number, overrides: Partial<CardJson> = {}): CardJson => aCard({ id, version, nextChange: null, ...overrides });
const versions = (client: LiveCardsClient) => [...client.cards().values()].map((c) => [c.id, c.version]).sort((a, b) => a[0]! - b[0]!);

describe('Live cards client (reference consumer)', () => {
  let server: FakeLiveServer;
  const clients: LiveCardsClient[] = [];
  const running: RunningGateway[] = [];

  const startClient = async (options: Partial<LiveCardsClientOptions> = {}) => {
    const client = new LiveCardsClient({ baseUrl: server.url, gapWaitMs: 200, ...options });
    clients.push(client);
    await client.start();
    return client;
  };

  beforeEach(async () => {
    server = await startFakeLiveServer({ seq: 10, items: [card(1, 3), card(2, 5)] });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(running.splice(0).map((g) => g.stop()));
    await server.stop();
  });

  describe('applying refreshes', () => {
    it('starts from the snapshot with its seq, cards and settings', async () => {
      const client = await startClient({ query: { keyword: 'tour', size: 50 } });
      expect(versions(client)).to.deep.equal([[1, 3], [2, 5]]);
      expect(client.seq()).to.equal(10);
      expect(client.settings()).to.deep.equal({ realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000 });
      expect(server.snapshotRequests).to.deep.equal(['?keyword=tour&size=50&protocolVersion=1']);
      expect(client.isConnected()).to.equal(true);
    });

    it('keeps the highest version per card, ignores older or equal ones, upserts new cards and removes removedIds', async () => {
      const client = await startClient();
      server.refresh({ seq: 11, items: [card(1, 4), card(2, 5), card(3, 1)] });
      server.refresh({ seq: 12, items: [card(1, 2)], removedIds: [2] });
      await eventually(() => client.seq() === 12);
      expect(versions(client)).to.deep.equal([[1, 4], [3, 1]]);
      expect(client.stats()).to.include({ eventsReceived: 2, staleCardsIgnored: 2, duplicatesDropped: 0 });
    });

    it('drops an event whose seq it already applied or the snapshot already covers', async () => {
      const client = await startClient();
      const applied: number[] = [];
      client.on('refresh', (event) => applied.push(event.seq));
      server.refresh({ seq: 9, items: [card(1, 9)] });
      server.refresh({ seq: 10, items: [card(1, 9)] });
      server.refresh({ seq: 11, items: [card(2, 6)] });
      server.refresh({ seq: 11, items: [card(2, 6)] });
      await eventually(() => client.stats().eventsReceived === 4);
      expect(applied).to.deep.equal([11]);
      expect(client.stats().duplicatesDropped).to.equal(3);
      expect(versions(client)).to.deep.equal([[1, 3], [2, 6]]);
    });

    it('does not bring back a removed card when an older event arrives late', async () => {
      const client = await startClient();
      server.refresh({ seq: 12, reason: 'CONCERT_REMOVED', removedIds: [1] });
      server.refresh({ seq: 11, items: [card(1, 4)] });
      await eventually(() => client.seq() === 12);
      expect(versions(client)).to.deep.equal([[2, 5]]);
    });

    it('keeps a removed card out when a later poll is answered from an older cached page', async () => {
      const client = await startClient({ manualSocket: true });
      const resyncs: number[] = [];
      client.on('resync', (seq) => resyncs.push(seq));
      Object.assign(server.snapshot, { seq: 13, items: [card(2, 5)] }); // card 1 removed at 12
      await client.resync();
      expect(versions(client)).to.deep.equal([[2, 5]]);
      Object.assign(server.snapshot, { seq: 11, items: [card(1, 3), card(2, 5)] }); // another instance's page, cached before
      await client.resync();
      expect(versions(client)).to.deep.equal([[2, 5]]);
      expect(resyncs, 'the older page is not announced as the answer').to.deep.equal([13]);
      expect(client.stats()).to.include({ staleSnapshotsIgnored: 1 });
    });

    it('passes each applied refresh to listeners with its local receipt time', async () => {
      let local = 5_000;
      const client = await startClient({ localNow: () => (local += 1) });
      const receipts: Array<[number, number]> = [];
      client.on('refresh', (event: RefreshEvent, receivedAt: number) => receipts.push([event.seq, receivedAt]));
      const before = local;
      server.refresh({ seq: 11, items: [card(1, 4)] });
      await eventually(() => receipts.length === 1);
      expect(receipts[0]![0]).to.equal(11);
      expect(receipts[0]![1]).to.be.greaterThan(before).and.at.most(local);
    });
  });

  describe('gaps', () => {
    it('applies an event beyond a gap at once and does not re-read the snapshot when the missing seq arrives in time', async () => {
      const client = await startClient({ gapWaitMs: 400 });
      server.refresh({ seq: 12, items: [card(2, 7)] });
      await eventually(() => client.cards().get(2)?.version === 7);
      expect(client.seq(), 'not contiguous yet').to.equal(10);
      server.refresh({ seq: 11, items: [card(1, 4)] });
      await eventually(() => client.seq() === 12);
      await sleep(600);
      expect(server.snapshotRequests).to.have.length(1);
      expect(client.stats()).to.include({ gaps: 1, resyncs: 0 });
    });

    it('re-reads the snapshot when a missing seq does not arrive within gapWaitMs and continues from its seq', async () => {
      const client = await startClient({ gapWaitMs: 200 });
      const resyncedTo: number[] = [];
      client.on('resync', (seq) => resyncedTo.push(seq));
      server.snapshot.seq = 13;
      server.snapshot.items = [card(1, 4), card(2, 7), card(4, 1)];
      server.refresh({ seq: 13, items: [card(2, 7)] });
      await eventually(() => client.stats().resyncs === 1);
      expect(resyncedTo).to.deep.equal([13]);
      expect(client.seq()).to.equal(13);
      expect(versions(client)).to.deep.equal([[1, 4], [2, 7], [4, 1]]);

      server.refresh({ seq: 14, items: [card(4, 2)] });
      await eventually(() => client.seq() === 14);
      expect(client.stats()).to.include({ gaps: 1, resyncs: 1 });
    });

    it('keeps changes that arrived after the snapshot it re-reads', async () => {
      const client = await startClient({ gapWaitMs: 150 });
      server.refresh({ seq: 12, items: [card(2, 7)] });
      server.snapshot.seq = 11; // the snapshot lags behind the event we already hold
      server.snapshot.items = [card(1, 4), card(2, 6)];
      await eventually(() => client.stats().resyncs >= 1);
      expect(client.seq()).to.equal(12);
      expect(versions(client)).to.deep.equal([[1, 4], [2, 7]]);
    });

    it('re-reads the snapshot when a heartbeat shows a seq it has not seen, and not when it is up to date', async () => {
      const client = await startClient({ gapWaitMs: 150 });
      server.heartbeat(10);
      await eventually(() => client.stats().heartbeats === 1);
      await sleep(300);
      expect(client.stats().resyncs).to.equal(0);

      server.snapshot.seq = 15;
      server.heartbeat(15);
      await eventually(() => client.stats().resyncs === 1);
      expect(client.seq()).to.equal(15);
      expect(client.stats().gaps).to.equal(1);
    });
  });

  describe('another epoch', () => {
    it('reads the snapshot of the new history on a heartbeat of another epoch and starts over from its seq, though lower', async () => {
      const client = await startClient();
      server.refresh({ seq: 12, reason: 'CONCERT_REMOVED', removedIds: [2] });
      await eventually(() => client.seq() === 12);
      // The outbox was reset: a new history, its seqs from 1 again, the removed card back under it.
      Object.assign(server.snapshot, { epoch: 'restored', seq: 3, items: [card(1, 1), card(2, 1)] });
      server.heartbeat(3);
      await eventually(() => client.seq() === 3);
      expect(versions(client)).to.deep.equal([[1, 1], [2, 1]]);
      server.refresh({ seq: 4, items: [card(2, 2)] });
      await eventually(() => client.cards().get(2)?.version === 2);
      expect(client.seq()).to.equal(4);
    });
  });

  describe('watching some cards', () => {
    const lastWatch = () => JSON.stringify(server.watchRequests.at(-1));
    it('takes holes in its seqs as by design (in order within a connection), and covers up to each heartbeat', async () => {
      const client = await startClient({ gapWaitMs: 150 });
      client.watch([2, 1]);
      await eventually(() => lastWatch() === JSON.stringify({ ids: [1, 2], afterSeq: 10, epoch: FAKE_EPOCH }));
      server.refresh({ seq: 12, items: [card(1, 4)] });
      server.refresh({ seq: 15, items: [card(2, 6)] });
      await eventually(() => client.seq() === 15);
      server.heartbeat(20);
      await eventually(() => client.seq() === 20);
      await sleep(300);
      expect(client.stats()).to.include({ gaps: 0, resyncs: 0, versionGaps: 0 });
      expect(server.snapshotRequests).to.have.length(1);
    });

    it('holds the events that come while a replay request is in flight, and applies them in seq order at its ack', async () => {
      const client = await startClient();
      const applied: number[] = [];
      client.on('refresh', (event) => applied.push(event.seq));
      server.holdReplays = true;
      client.watch([1, 2]);
      await eventually(() => lastWatch() === JSON.stringify({ ids: [1, 2], afterSeq: 10, epoch: FAKE_EPOCH }));
      // A live change reaches the socket before the server takes the request; the replay follows it.
      server.refresh({ seq: 13, items: [card(2, 7)] });
      server.refresh({ seq: 11, items: [card(1, 4)] });
      server.refresh({ seq: 12, items: [card(2, 6)] });
      await sleep(100);
      expect(applied, 'nothing applied before the ack').to.deep.equal([]);
      server.answerHeldWatch(2);
      await eventually(() => client.seq() === 13);
      expect(applied).to.deep.equal([11, 12, 13]);
      expect(versions(client)).to.deep.equal([[1, 4], [2, 7]]);
    });

    it('asks for a replay from the seq that set a card when its version jumps (a change of it was missed)', async () => {
      const client = await startClient();
      client.watch([1, 2]);
      await eventually(() => lastWatch() === JSON.stringify({ ids: [1, 2], afterSeq: 10, epoch: FAKE_EPOCH }));
      server.refresh({ seq: 11, items: [card(1, 4)] });
      server.refresh({ seq: 14, items: [card(1, 6)] });
      await eventually(() => lastWatch() === JSON.stringify({ ids: [1, 2], afterSeq: 11, epoch: FAKE_EPOCH }));
      expect(client.stats().versionGaps).to.equal(1);
    });
  });

  describe('settings and connection', () => {
    it('follows the mode and interval from refreshes and heartbeats', async () => {
      const changes: RealtimeSettingsJson[] = [];
      const client = await startClient();
      client.on('mode', (settings) => changes.push(settings));
      server.refresh({ seq: 11, reason: 'REALTIME_MODE_CHANGED', realtimeMode: 'hybrid', hybridPollIntervalMillis: 5_000 });
      await eventually(() => client.settings()?.realtimeMode === 'hybrid');
      server.heartbeat(11, { realtimeMode: 'polling', hybridPollIntervalMillis: 5_000 });
      await eventually(() => client.settings()?.realtimeMode === 'polling');
      expect(changes).to.deep.equal([
        { realtimeMode: 'hybrid', hybridPollIntervalMillis: 5_000 },
        { realtimeMode: 'polling', hybridPollIntervalMillis: 5_000 },
      ]);
    });

    it('comes back after the server sends it away, asks to replay from its seq, and re-reads the snapshot when told resyncRequired', async () => {
      const client = await startClient();
      const states: boolean[] = [];
      client.on('connection', (state) => states.push(state.connected));
      server.snapshot.seq = 20;
      server.disconnectAll();
      await eventually(() => states.length >= 2 && client.isConnected(), 5_000);
      await eventually(() => client.seq() === 20);
      expect(states.slice(0, 2)).to.deep.equal([false, true]);
      expect(server.watchRequests.at(-1)).to.deep.equal({ all: true, afterSeq: 10, epoch: FAKE_EPOCH });
      expect(client.stats()).to.include({ resyncsRequired: 1, resyncs: 1 });
      expect(server.snapshotRequests).to.have.length(2);
    });

    it('reports the state to onChange', async () => {
      const seen: Array<{ seq: number; cards: number }> = [];
      await startClient({ onChange: (state) => seen.push({ seq: state.seq, cards: state.cards.size }) });
      server.refresh({ seq: 11, items: [card(9, 1)] });
      await eventually(() => seen.some((s) => s.seq === 11));
      expect(seen.at(-1)).to.deep.equal({ seq: 11, cards: 3 });
    });
  });

  describe('server clock', () => {
    it('estimates the server clock within 50 ms when the local clock is 7 minutes off, against the real gateway', async () => {
      const skewMs = -7 * 60_000;
      const snapshotAt = (): SearchResponse => {
        const now = Date.now();
        return { items: [], page: 0, size: 20, totalElements: 0, totalPages: 0, hasNext: false, serverNow: new Date(now).toISOString(), serverNowEpochMs: now, realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000, seq: 0, epoch: 'e1', protocolVersion: 1 };
      };
      const gateway = await startGateway(
        {},
        {
          onRequest: (_request, response) => {
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snapshotAt()));
          },
        },
      );
      running.push(gateway);
      const client = new LiveCardsClient({ baseUrl: gateway.url, localNow: () => Date.now() + skewMs });
      clients.push(client);
      await client.start();

      expect(client.stats().clockSyncs).to.equal(1);
      expect(Math.abs(client.serverNow() - Date.now())).to.be.below(50);
      expect(Math.abs(client.clockOffsetMs() + skewMs)).to.be.below(50);

      const opensAt = Date.now() + 90_500;
      expect(client.saleOpensInSeconds({ saleOpensAt: new Date(opensAt).toISOString() })).to.be.oneOf([90, 91]);
      expect(client.saleOpensInSeconds({ saleOpensAt: new Date(Date.now() - 5_000).toISOString() })).to.equal(0);
      expect(client.saleOpensInSeconds({ saleOpensAt: null })).to.equal(null);
    });
  });
});
