import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import { AT_CAPACITY, ONE_SOCKET_PER_CONNECTION } from '../../src/adapters/realtime/live-gateway.js';
import { LiveTopicUnavailable } from '../../src/adapters/realtime/live-topic-unavailable.js';
import type { HeartbeatEvent, RefreshEvent, TimeSyncAck } from '../../src/contract/wire.js';
import { assertMatchesAsyncApi } from '../support/asyncapi-check.js';
import {
  REDIS_URL,
  connected,
  eventually,
  fixedStatus,
  openClient,
  sleep,
  startGateway,
  statusOnlyRelay,
  uniqueRedisPrefix,
  untilSubscribed,
  type RunningGateway,
} from './gateway-harness.js';
import { aCard, aLiveEvent } from './live-event-builder.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

describe('Live gateway (Socket.IO /concerts)', () => {
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

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  });

  describe('across two instances sharing Redis', () => {
    it('delivers a publish on instance A to a client of instance B exactly once', async () => {
      const prefix = uniqueRedisPrefix();
      const a = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, instanceId: 'node-a' });
      const b = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix, instanceId: 'node-b' });
      await Promise.all([a.gateway.whenRedisConnected(), b.gateway.whenRedisConnected()]);
      await untilSubscribed(prefix, 2);
      expect(a.gateway.redisReady()).to.equal(true);

      const onB = await client(b.url);
      const onA = await client(a.url);
      const receivedOnB: RefreshEvent[] = [];
      const receivedOnA: RefreshEvent[] = [];
      onB.on('CONCERTS_REFRESH', (event: RefreshEvent) => receivedOnB.push(event));
      onA.on('CONCERTS_REFRESH', (event: RefreshEvent) => receivedOnA.push(event));

      await a.publish(aLiveEvent({ seq: 41, items: [aCard({ id: 7, version: 3 })] }));
      await eventually(() => receivedOnB.length > 0 && receivedOnA.length > 0);
      await sleep(300);

      expect(receivedOnB).to.have.length(1);
      expect(receivedOnA).to.have.length(1);
      const event = receivedOnB[0]!;
      expect(event).to.include({ event: 'CONCERTS_REFRESH', seq: 41, instanceId: 'node-b', realtimeMode: 'websocket' });
      expect(event.items.map((card) => [card.id, card.version])).to.deep.equal([[7, 3]]);
      expect(event.serverNow).to.equal(new Date(event.serverNowEpochMs).toISOString());
      assertMatchesAsyncApi('CONCERTS_REFRESH', event);
    });

    it('does not carry events between deployments with different key prefixes', async () => {
      const a = await start({ redisUrl: REDIS_URL, redisKeyPrefix: uniqueRedisPrefix() });
      const otherPrefix = uniqueRedisPrefix();
      const b = await start({ redisUrl: REDIS_URL, redisKeyPrefix: otherPrefix });
      const sameAsB = await start({ redisUrl: REDIS_URL, redisKeyPrefix: otherPrefix });
      await Promise.all([a, b, sameAsB].map((g) => g.gateway.whenRedisConnected()));
      await untilSubscribed(otherPrefix, 2);
      const onB = await client(b.url);
      const received: RefreshEvent[] = [];
      onB.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event));

      await a.publish(aLiveEvent({ seq: 5 }));
      // The control: an instance of B's own deployment, publishing after A, does reach B.
      await sameAsB.publish(aLiveEvent({ seq: 6 }));
      await eventually(() => received.length > 0);
      await sleep(300);
      expect(received.map((event) => event.seq)).to.deep.equal([6]);
    });

    it('refuses to publish to other instances while Redis is unreachable, without crashing, yet its own sockets get the change', async () => {
      const down = await start({ redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: uniqueRedisPrefix() });
      const socket = await client(down.url);
      const received: RefreshEvent[] = [];
      socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event));

      expect(down.gateway.redisReady()).to.equal(false);
      let failure: unknown;
      await down.publish(aLiveEvent({ seq: 1 })).catch((error: unknown) => (failure = error));
      expect(failure, 'the outbox row stays unsent for the reconcile job').to.be.instanceOf(LiveTopicUnavailable);
      await eventually(() => received.length === 1);
      expect(received.map((event) => event.seq)).to.deep.equal([1]);
      await eventually(() => down.errors.some((e) => e.context.startsWith('redis')));
    });
    it('rejects publishes while Redis is lost mid-run and delivers again once it is back', async function () {
      this.timeout(20_000);
      const redisPort = Number(new URL(REDIS_URL).port || 6379);
      const proxy = await startTcpProxy(new URL(REDIS_URL).hostname, redisPort);
      try {
        const prefix = uniqueRedisPrefix();
        const a = await start({ redisUrl: `redis://127.0.0.1:${proxy.port}`, redisKeyPrefix: prefix });
        const b = await start({ redisUrl: REDIS_URL, redisKeyPrefix: prefix });
        await Promise.all([a.gateway.whenRedisConnected(), b.gateway.whenRedisConnected()]);
        await untilSubscribed(prefix, 2);
        const onB = await client(b.url);
        const received: number[] = [];
        onB.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event.seq));

        await proxy.cut();
        await eventually(() => !a.gateway.redisReady());
        let failure: unknown;
        await a.publish(aLiveEvent({ seq: 1 })).catch((error: unknown) => (failure = error));
        expect(failure).to.be.instanceOf(LiveTopicUnavailable);

        await proxy.restore();
        await eventually(() => a.gateway.redisReady(), 10_000);
        await untilSubscribed(prefix, 2);
        await a.publish(aLiveEvent({ seq: 2 }));
        await eventually(() => received.length > 0);
        await sleep(200);
        expect(received).to.deep.equal([2]);
      } finally {
        await proxy.stop().catch(() => {});
      }
    });
  });

  describe('on one instance (in-memory adapter)', () => {
    it('lets a socket watch every card at once and delivers refreshes to it', async () => {
      const emitted: number[] = [];
      const counts: number[] = [];
      const g = await start({ observer: { connected: (n) => counts.push(n), timeSync: () => {}, emitted: (seq) => emitted.push(seq) } });
      const socket = await client(g.url);
      const received: RefreshEvent[] = [];
      socket.on('CONCERTS_REFRESH', (event: RefreshEvent) => received.push(event));

      await g.publish(aLiveEvent({ seq: 2, reason: 'CONCERT_REMOVED', items: [], removedIds: [4] }));
      await eventually(() => received.length === 1);
      expect(received[0]).to.include({ seq: 2, reason: 'CONCERT_REMOVED' });
      expect(received[0]!.removedIds).to.deep.equal([4]);
      expect(emitted).to.deep.equal([2]);
      expect(g.gateway.connectedCount()).to.equal(1);
      expect(g.gateway.redisReady()).to.equal(true);
      expect(counts).to.deep.equal([1]);
    });

    it('sends heartbeats with the seq of the stream status', async () => {
      let seq = 12;
      const g = await start({ heartbeatEveryMs: 50 }, { relay: statusOnlyRelay(async () => fixedStatus(seq)) });
      const socket = await client(g.url);
      const beats: HeartbeatEvent[] = [];
      socket.on('CONCERTS_HEARTBEAT', (beat: HeartbeatEvent) => beats.push(beat));
      await eventually(() => beats.length >= 1);
      seq = 13;
      await eventually(() => beats.some((beat) => beat.seq === 13));
      expect(beats[0]).to.include({ seq: 12, realtimeMode: 'websocket', hybridPollIntervalMillis: 30_000 });
      assertMatchesAsyncApi('CONCERTS_HEARTBEAT', beats[0]);
    });

    it('skips a beat whose status cannot be read and keeps beating', async () => {
      let calls = 0;
      const g = await start(
        { heartbeatEveryMs: 50 },
        {
          relay: statusOnlyRelay(async () => {
            // The first read greets the connecting socket; the second is the first periodic beat.
            calls += 1;
            if (calls === 2) throw new Error('database down');
            return fixedStatus(3);
          }),
        },
      );
      const socket = await client(g.url);
      const beats: HeartbeatEvent[] = [];
      socket.on('CONCERTS_HEARTBEAT', (beat: HeartbeatEvent) => beats.push(beat));
      await eventually(() => beats.length >= 2);
      expect(g.errors.map((e) => e.context)).to.include('heartbeat');
    });

    it('greets a connecting socket with a heartbeat at once, before the first period', async () => {
      const g = await start({ heartbeatEveryMs: 60_000 }, { relay: statusOnlyRelay(async () => fixedStatus(9)) });
      const socket = openClient(g.url);
      sockets.push(socket);
      const beat = await new Promise<HeartbeatEvent>((resolve) => socket.once('CONCERTS_HEARTBEAT', resolve));
      expect(beat.seq).to.equal(9);
    });

    it('answers time:sync with the server clock and the echoed client time', async () => {
      const g = await start({ clock: { now: () => 1_800_000_000_000 } });
      const socket = await client(g.url);
      const ack = (await socket.timeout(1_000).emitWithAck('time:sync', 1_234.5)) as TimeSyncAck;
      expect(ack).to.deep.equal({ serverNowEpochMs: 1_800_000_000_000, clientSentAtMs: 1_234.5 });
      assertMatchesAsyncApi('time:sync ack', ack);
    });

    it('ignores time:sync without a finite number', async () => {
      const g = await start();
      const socket = await client(g.url);
      for (const bad of ['12', Number.NaN, null, { at: 1 }]) {
        let failure: unknown;
        await socket.timeout(150).emitWithAck('time:sync', bad).catch((error: unknown) => (failure = error));
        expect(failure, `no ack for ${String(bad)}`).to.be.instanceOf(Error);
      }
      socket.emit('time:sync', 1); // no ack function: nothing to answer, nothing breaks
      expect(await socket.timeout(1_000).emitWithAck('time:sync', 5)).to.include({ clientSentAtMs: 5 });
    });

    it('answers at most timeSyncPerSecond time:sync calls per socket per second and drops the rest', async () => {
      const g = await start({ timeSyncPerSecond: 5 });
      const socket = await client(g.url);
      const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => socket.timeout(500).emitWithAck('time:sync', i)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(5);
      const other = await client(g.url);
      expect(await other.timeout(1_000).emitWithAck('time:sync', 1)).to.include({ clientSentAtMs: 1 });
    });

    it('refuses connections beyond maxConnections with "instance at capacity"', async () => {
      const g = await start({ maxConnections: 2 });
      await client(g.url);
      await client(g.url);
      const third = openClient(g.url);
      sockets.push(third);
      const error = await new Promise<Error>((resolve) => third.once('connect_error', resolve));
      expect(error.message).to.equal(AT_CAPACITY);
      expect(g.gateway.connectedCount()).to.equal(2);
    });

    it('lets one Engine.IO connection hold one live socket: more CONNECT packets on it are refused, and none on the default namespace', async () => {
      const g = await start();
      const frames: string[] = [];
      const ws = new WebSocket(`${g.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      ws.addEventListener('message', (message) => frames.push(String(message.data)));
      await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
      try {
        await eventually(() => frames.some((frame) => frame.startsWith('0{')));
        for (let i = 0; i < 5; i += 1) ws.send('40/concerts,');
        ws.send('40');
        await eventually(() => frames.filter((frame) => /^4[04]/.test(frame)).length >= 6);
        const connects = frames.filter((frame) => frame.startsWith('40/concerts,'));
        const refusals = frames.filter((frame) => frame.startsWith('44/concerts,'));
        expect(connects, 'live sockets granted').to.have.length(1);
        expect(refusals).to.have.length(4);
        expect(refusals.every((frame) => frame.includes(ONE_SOCKET_PER_CONNECTION))).to.equal(true);
        expect(frames.some((frame) => /^44\{/.test(frame)), 'default namespace refused').to.equal(true);
        expect(g.gateway.connectedCount()).to.equal(1);
      } finally {
        ws.close();
      }
    });

    it('opens the handshake to no Origin, a listed Origin and the service origin itself, and refuses every other Origin', async () => {
      const g = await start({ corsOrigins: ['https://tickets.example'] });
      const handshake = (origin?: string) =>
        fetch(`${g.url}/socket.io/?EIO=4&transport=polling`, origin === undefined ? {} : { headers: { origin } }).then((response) => response.status);
      expect(await handshake()).to.equal(200);
      expect(await handshake('https://tickets.example')).to.equal(200);
      expect(await handshake(g.url)).to.equal(200);
      expect(await handshake('https://evil.example')).to.equal(403);
      const ws = new WebSocket(`${g.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { origin: 'https://evil.example' } } as unknown as string[]);
      const outcome = await new Promise<string>((resolve) => {
        ws.addEventListener('open', () => resolve('open'), { once: true });
        ws.addEventListener('error', () => resolve('refused'), { once: true });
      });
      ws.close();
      expect(outcome, 'a WebSocket upgrade from an unlisted Origin').to.equal('refused');
    });

    it('ignores unknown events and oversized messages cost only the sender its connection', async () => {
      const g = await start({ maxMessageBytes: 1_024 });
      const sender = await client(g.url);
      const bystander = await client(g.url);
      sender.emit('rm -rf', { anything: true });
      sender.emit('CONCERTS_REFRESH', { seq: 999 });
      expect(await sender.timeout(1_000).emitWithAck('time:sync', 1)).to.include({ clientSentAtMs: 1 });

      const dropped = new Promise<string>((resolve) => sender.once('disconnect', resolve));
      sender.emit('time:sync', 'x'.repeat(10_000));
      expect(await dropped).to.be.a('string');
      expect(await bystander.timeout(1_000).emitWithAck('time:sync', 2)).to.include({ clientSentAtMs: 2 });
    });

    it('disconnects its sockets on close so clients can reconnect elsewhere', async () => {
      const g = await start();
      const socket = await client(g.url);
      const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await g.gateway.close();
      expect(await reason).to.equal('io server disconnect');
    });
  });
});
