// View subscriptions, catalogue notices, replay and gap filling on real gateways and real Redis:
// a socket gets what concerns its watch set, once, in order, whichever instance committed it, even
// when Redis drops messages on the way to its instance.

import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import type { HeartbeatEvent, RefreshEvent, WatchAck } from '../../src/contract/wire.js';
import { assertMatchesAsyncApi } from '../support/asyncapi-check.js';
import { InMemoryDatabase } from '../support/fakes/in-memory-database.js';
import { startRedisMessageFilter } from '../support/redis-message-filter.js';
import { REDIS_URL, connected, eventually, openClient, sleep, startGateway, uniqueRedisPrefix, untilSubscribed, type RunningGateway } from './gateway-harness.js';
import { aCard, aLiveEvent } from './live-event-builder.js';

const SETTINGS = { mode: 'websocket', hybridPollIntervalMillis: 30_000 } as const;

describe('View subscriptions (cards:watch)', function () {
  this.timeout(20_000);
  const running: RunningGateway[] = [];
  const sockets: Socket[] = [];
  const start = async (...args: Parameters<typeof startGateway>) => {
    const gateway = await startGateway(...args);
    running.push(gateway);
    return gateway;
  };
  const client = async (url: string) => {
    const socket = openClient(url);
    sockets.push(socket);
    return connected(socket);
  };
  const received = (socket: Socket) => {
    const events: RefreshEvent[] = [];
    socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => events.push(event));
    return events;
  };
  const watch = (socket: Socket, request: unknown) => socket.timeout(2_000).emitWithAck('cards:watch', request) as Promise<WatchAck>;
  /** Commits a change to `storage`'s outbox and returns the event its emit carries. */
  const commit = async (storage: InMemoryDatabase, ids: number[], extra: Parameters<typeof aLiveEvent>[0] = {}) => {
    const change = { reason: 'INVENTORY_CHANGED' as const, items: ids.map((id) => aCard({ id })), removedIds: [], boundaryAt: null, catalogue: null, ...extra };
    const recorded = await storage.transactions.run((stores) => stores.outbox.append(change, Date.now()));
    return aLiveEvent({ ...recorded, settings: SETTINGS, serverNowEpochMs: Date.now() });
  };

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  });

  it('sends a watching socket only the events of its cards, holding only those cards; mode switches still reach it', async () => {
    const g = await start();
    const watcher = await client(g.url);
    const everything = await client(g.url);
    const [toWatcher, toEverything] = [received(watcher), received(everything)];
    expect(await watch(watcher, { ids: [7, 9, 7] })).to.deep.equal({ watching: [7, 9] });

    await g.publish(await commit(g.storage, [7, 8]));
    await g.publish(await commit(g.storage, [8]));
    await g.publish(await commit(g.storage, [], { reason: 'CONCERT_REMOVED', items: [], removedIds: [9, 10] }));
    await g.publish(await commit(g.storage, [], { reason: 'REALTIME_MODE_CHANGED' }));
    await eventually(() => toEverything.length === 4);
    await sleep(100);
    expect(toWatcher.map((event) => [event.reason, event.items.map((card) => card.id), event.removedIds])).to.deep.equal([
      ['INVENTORY_CHANGED', [7], []],
      ['CONCERT_REMOVED', [], [9]],
      ['REALTIME_MODE_CHANGED', [], []],
    ]);
    expect(toEverything[0]?.items.map((card) => card.id)).to.deep.equal([7, 8]);
    for (const event of toWatcher) assertMatchesAsyncApi('CONCERTS_REFRESH', event);
    expect(await watch(watcher, { all: true })).to.deep.equal({ watching: 'all' });
    await g.publish(await commit(g.storage, [8]));
    await eventually(() => toWatcher.length === 4);
  });

  it('answers a malformed, oversized or too frequent watch with an error and keeps the watch set it had', async () => {
    const g = await start({ watchPerSecond: 7 });
    const socket = await client(g.url);
    const events = received(socket);
    await watch(socket, { ids: [7] });
    for (const bad of [{ ids: ['7'] }, { ids: [0] }, { ids: [1.5] }, { ids: Array.from({ length: 501 }, (_, i) => i + 1) }, { all: false }, 'all']) {
      const ack = await watch(socket, bad);
      expect(ack, JSON.stringify(bad).slice(0, 40)).to.have.nested.property('error.code', 'INVALID_WATCH');
      assertMatchesAsyncApi('cards:watch ack', ack);
    }
    expect(await watch(socket, { ids: [8] }), 'the seventh in one second').to.have.nested.property('error.code', 'RATE_LIMITED');
    await g.publish(await commit(g.storage, [8]));
    await g.publish(await commit(g.storage, [7]));
    await eventually(() => events.length === 1);
    await sleep(100);
    expect(events.map((event) => event.items[0]?.id), 'still watching 7 only').to.deep.equal([7]);
  });

  it('delivers a watched card changed on instance A to its watchers on instance B, and nothing else', async () => {
    const prefix = uniqueRedisPrefix();
    const storage = new InMemoryDatabase();
    const a = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, instanceId: 'a' }, { storage });
    const b = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, instanceId: 'b' }, { storage });
    await untilSubscribed(prefix, 2);
    const onB = await client(b.url);
    const events = received(onB);
    await watch(onB, { ids: [3] });
    await a.publish(await commit(storage, [1, 3]));
    await a.publish(await commit(storage, [2]));
    await a.publish(await commit(storage, [3]));
    await eventually(() => events.length === 2);
    await sleep(200);
    expect(events.map((event) => [event.instanceId, event.items.map((card) => card.id)])).to.deep.equal([
      ['b', [3]],
      ['b', [3]],
    ]);
  });

  it('fills from the outbox, in order, the changes Redis dropped on the way to an instance, before the later ones', async () => {
    const prefix = uniqueRedisPrefix();
    const storage = new InMemoryDatabase();
    const redis = new URL(REDIS_URL);
    // Instance B's Redis connections pass through a filter that drops the 2nd and 3rd changes.
    const drops = new Set<number>();
    const filter = await startRedisMessageFilter(redis.hostname, Number(redis.port || 6379), (payload) => [...drops].some((seq) => payload.includes(`"seq":${seq},`)));
    try {
      const a = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, instanceId: 'a' }, { storage });
      const b = await start({ redisUrl: `redis://127.0.0.1:${filter.port}`, redisKeyPrefix: prefix, instanceId: 'b' }, { storage });
      await untilSubscribed(prefix, 2);
      const onB = await client(b.url);
      const events = received(onB);
      const sent = [];
      for (let i = 0; i < 4; i += 1) sent.push(await commit(storage, [10 + i]));
      drops.add(sent[1]!.seq).add(sent[2]!.seq);
      for (const event of sent) await a.publish(event);
      await eventually(() => events.length === 4, 5_000);
      expect(filter.dropped, 'Redis really dropped two').to.have.length(2);
      expect(events.map((event) => event.seq), 'every change, once, in order').to.deep.equal(sent.map((event) => event.seq));
      expect(b.relayObserver.filledCount).to.equal(2);
      const greeted = openClient(b.url);
      sockets.push(greeted);
      const beat = await new Promise<HeartbeatEvent>((resolve) => greeted.once('CONCERTS_HEARTBEAT', resolve));
      expect(beat.seq, "the heartbeat: every change up to it was sent to B's sockets").to.equal(sent[3]!.seq);
    } finally {
      await filter.stop();
    }
  });

  it('replays from a position: every change after it that concerns the new watch set, then live; resync for another epoch', async () => {
    const g = await start();
    const first = await commit(g.storage, [1]);
    g.relay.receive(first);
    const missed = [await commit(g.storage, [1]), await commit(g.storage, [2]), await commit(g.storage, [1], { catalogue: { changedIds: [4], changedFields: ['created'] } })];
    for (const event of missed) g.relay.receive(event);
    const { epoch } = await g.storage.stores.outbox.position();
    const socket = await client(g.url);
    const events = received(socket);
    const ack = await watch(socket, { ids: [1], afterSeq: first.seq, epoch });
    expect(ack).to.deep.equal({ watching: [1], replayed: 2 });
    expect(events.map((event) => [event.reason, event.seq])).to.deep.equal([
      ['INVENTORY_CHANGED', missed[0]!.seq],
      ['INVENTORY_CHANGED', missed[2]!.seq],
      ['CATALOGUE_CHANGED', missed[2]!.seq],
    ]);
    expect(events[2]).to.deep.include({ changedIds: [4], changedFields: ['created'] });
    await g.publish(await commit(g.storage, [1]));
    await eventually(() => events.length === 4);
    expect(await watch(socket, { ids: [1], afterSeq: first.seq, epoch: 'some-other-history' })).to.deep.equal({ watching: [1], resyncRequired: true });
  });

  it('sends every socket a catalogue notice gathering what the changes of one window did to the catalogue', async () => {
    const g = await start();
    const watcher = await client(g.url);
    const events = received(watcher);
    await watch(watcher, { ids: [99] });
    await g.publish(await commit(g.storage, [5], { reason: 'CONCERT_UPDATED', catalogue: { changedIds: [5], changedFields: ['created'] } }));
    const last = await commit(g.storage, [6], { reason: 'SALE_STATUS_TRANSITION', catalogue: { changedIds: [6], changedFields: ['saleStatus'] } });
    await g.publish(last);
    await eventually(() => events.length === 1);
    expect(events[0]).to.deep.include({ reason: 'CATALOGUE_CHANGED', seq: last.seq, items: [], removedIds: [], changedIds: [5, 6], changedFields: ['created', 'saleStatus'] });
    assertMatchesAsyncApi('CONCERTS_REFRESH', events[0]);
  });
});
